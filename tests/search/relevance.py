"""The labelled relevance set: 42 realistic Kenyan bills and the queries citizens would type for them.

The bills are written for this set (modelled on real bills of the 12th and 13th Parliaments, texts
shortened), with distractors on purpose: several bills mention coffee, tax, counties, land or
health, so a query must find the *right* one. Each :class:`Case` names the bills that must be in
the top three (``expect``) and, for negations, bills that must not be in the top ten (``exclude``).
The queries cover single words, phrases, negation, Kiswahili, synonyms from ``search_synonyms``
(seeded by revision 0100), typos, acronyms, bill numbers and hostile input.

Used by tests/search/test_relevance.py and by bench/bench_search.py (which scores plain PostgreSQL
full-text search and tantivy's BM25 on the same set).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Bill:
    """One labelled bill (``key`` is how cases refer to it)."""

    key: str
    bill_number: str
    title: str
    summary: str
    full_text: str
    category: str
    status: str = "first_reading"
    chamber: str = "national_assembly"
    counties: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    introduced: dt.date = dt.date(2024, 3, 1)
    engagement: float = 10.0

    def row(self) -> dict[str, Any]:
        """Column values for ``bills``."""
        return {
            "bill_number": self.bill_number,
            "title": self.title,
            "summary": self.summary,
            "full_text": self.full_text,
            "category": self.category,
            "status": self.status,
            "chamber": self.chamber,
            "affected_counties": list(self.counties) or None,
            "tags": list(self.tags) or None,
            "introduced_date": self.introduced,
            "last_action_date": self.introduced,
            "engagement_score": self.engagement,
        }


@dataclass(frozen=True)
class Case:
    """A query and the bills that must rank in its top three (and must not appear in its top ten)."""

    query: str
    expect: tuple[str, ...]
    kind: str
    exclude: tuple[str, ...] = ()
    filters: dict[str, Any] = field(default_factory=dict)


BILLS: tuple[Bill, ...] = (
    Bill(
        "finance_2024", "NA 30/2024", "The Finance Bill, 2024",
        "Proposes changes to income tax, value added tax and excise duty to raise revenue for the 2024/25 budget: "
        "VAT on bread and financial services, a motor vehicle tax, an eco levy on manufactured goods, and higher "
        "excise duty on mobile money transfers.",
        "PART I - PRELIMINARY. 1. Short title. This Act may be cited as the Finance Act, 2024. PART II - INCOME TAX. "
        "2. The Income Tax Act is amended to introduce a minimum tax and to tax digital content creators. "
        "PART III - VALUE ADDED TAX. 3. Bread, sanitary towels and financial services become taxable at sixteen per "
        "cent. PART IV - EXCISE DUTY. 4. Excise duty on mobile money transfers rises to twenty per cent. "
        "5. An eco levy is charged on plastics, diapers and electronic goods. 6. A motor vehicle tax of two and a half "
        "per cent of value is payable with comprehensive insurance. MEMORANDUM OF OBJECTS AND REASONS. The Bill "
        "raises revenue to fund the budget and reduce public borrowing.",
        "finance", "withdrawn", tags=("tax", "vat", "budget"), introduced=dt.date(2024, 5, 9), engagement=950,
    ),
    Bill(
        "finance_2023", "NA 14/2023", "The Finance Bill, 2023",
        "Introduces the housing levy, raises VAT on petroleum products to sixteen per cent and changes turnover tax "
        "for small businesses.",
        "1. Short title. This Act may be cited as the Finance Act, 2023. 2. The Value Added Tax Act is amended so that "
        "petroleum products are taxed at sixteen per cent. 3. Turnover tax applies to businesses with a turnover "
        "between one million and twenty-five million shillings. 4. The Employment Act is amended to introduce a "
        "housing levy of one point five per cent of gross salary. MEMORANDUM OF OBJECTS AND REASONS. Revenue measures "
        "for the 2023/24 financial year.",
        "finance", "act_of_parliament", tags=("tax", "fuel"), introduced=dt.date(2023, 5, 4), engagement=700,
    ),
    Bill(
        "coffee", "SEN 2/2023", "The Coffee Bill, 2023",
        "Regulates the coffee industry: registration of coffee farmers and cooperative societies, the Coffee Board of "
        "Kenya, the Nairobi Coffee Exchange, a direct settlement system that pays growers within fourteen days, and "
        "a coffee cherry advance revolving fund.",
        "PART I - PRELIMINARY. 1. This Act may be cited as the Coffee Act, 2023. PART II - THE COFFEE BOARD. "
        "2. There is established the Coffee Board of Kenya. 3. Every coffee farmer and every cooperative society "
        "shall register with the Board. PART III - MARKETING. 4. Coffee shall be sold at the Nairobi Coffee Exchange "
        "or by direct sale. 5. Proceeds shall be paid through a direct settlement system within fourteen days. "
        "PART IV - FINANCE. 6. A coffee cherry advance revolving fund shall lend to growers at low interest. "
        "MEMORANDUM OF OBJECTS AND REASONS. Coffee farmers in Kiambu, Nyeri, Murang'a and Meru earn a small share "
        "of the export price; the Bill makes payments faster and markets fairer.",
        "agriculture", "second_reading", "senate", counties=("kiambu", "nyeri", "muranga", "meru"),
        tags=("coffee", "farmers", "cooperatives"), introduced=dt.date(2023, 3, 14), engagement=420,
    ),
    Bill(
        "tea", "NA 22/2024", "The Tea (Amendment) Bill, 2024",
        "Amends the Tea Act to cap the commission of tea factory management agents, require monthly payment for green "
        "leaf, and hold elections of factory directors under the Cooperatives Act.",
        "1. This Act may be cited as the Tea (Amendment) Act, 2024. 2. Section 4 of the Tea Act is amended to cap "
        "management agents' fees at two per cent. 3. Every tea factory shall pay farmers for green leaf delivered "
        "within thirty days. 4. Tea directors shall be elected by growers every three years. MEMORANDUM OF OBJECTS "
        "AND REASONS. Smallholder tea farmers in Kericho, Bomet and Nyamira receive late payments.",
        "agriculture", "committee_stage", counties=("kericho", "bomet", "nyamira"), tags=("tea", "farmers"),
        introduced=dt.date(2024, 2, 20), engagement=150,
    ),
    Bill(
        "sugar", "SEN 8/2022", "The Sugar Bill, 2022",
        "Establishes the Kenya Sugar Board, a sugar development levy and a framework for pricing sugarcane paid to "
        "farmers by millers.",
        "1. This Act may be cited as the Sugar Act, 2022. 2. The Kenya Sugar Board is established. 3. A sugar "
        "development levy of four per cent is imposed on sugar imports and local sugar. 4. Millers shall pay "
        "sugarcane farmers within thirty days of delivery at prices set by a pricing committee. MEMORANDUM OF OBJECTS "
        "AND REASONS. Sugarcane farmers in Kakamega, Bungoma and Migori need fair prices and timely payment.",
        "agriculture", "act_of_parliament", "senate", counties=("kakamega", "bungoma", "migori"),
        tags=("sugar", "farmers"), introduced=dt.date(2022, 6, 1), engagement=120,
    ),
    Bill(
        "crops", "NA 41/2024", "The Crops (Amendment) Bill, 2024",
        "Amends the Crops Act on the registration of dealers in scheduled crops, including macadamia, cashew nuts and "
        "pyrethrum, and the licensing of warehouses.",
        "1. This Act may be cited as the Crops (Amendment) Act, 2024. 2. Dealers in scheduled crops shall be licensed "
        "by the Agriculture and Food Authority. 3. The schedule is amended to add macadamia and pyrethrum; coffee and "
        "tea remain regulated by their own Acts. 4. Warehouses storing produce shall be inspected yearly.",
        "agriculture", "first_reading", tags=("crops",), introduced=dt.date(2024, 8, 2), engagement=15,
    ),
    Bill(
        "anti_corruption", "NA 9/2024", "The Anti-Corruption and Economic Crimes (Amendment) Bill, 2024",
        "Strengthens the fight against corruption: the Ethics and Anti-Corruption Commission may freeze assets "
        "suspected to be proceeds of corruption, and public officers convicted of economic crimes are barred from "
        "office for ten years.",
        "1. This Act may be cited as the Anti-Corruption and Economic Crimes (Amendment) Act, 2024. 2. The Commission "
        "may apply to the High Court to preserve assets believed to be proceeds of corruption. 3. A person convicted "
        "of corruption or an economic crime shall not hold public office for ten years. 4. Embezzlement of public "
        "funds carries a fine of twice the amount lost. MEMORANDUM OF OBJECTS AND REASONS. Corruption costs the "
        "country billions every year.",
        "governance", "second_reading", tags=("corruption", "eacc"), introduced=dt.date(2024, 4, 10), engagement=300,
    ),
    Bill(
        "conflict_interest", "SEN 11/2023", "The Conflict of Interest Bill, 2023",
        "Requires public officers to declare private interests, bars them from dealing with entities they own, and "
        "creates a register of interests kept by the Ethics and Anti-Corruption Commission.",
        "1. This Act may be cited as the Conflict of Interest Act, 2023. 2. A public officer shall declare any "
        "private interest that conflicts with official duties. 3. No public officer shall award a tender to a company "
        "in which the officer or a relative holds shares. 4. The Commission shall keep a register of interests.",
        "governance", "third_reading", "senate", tags=("integrity", "ethics"), introduced=dt.date(2023, 9, 5),
        engagement=90,
    ),
    Bill(
        "procurement", "NA 17/2024", "The Public Procurement and Asset Disposal (Amendment) Bill, 2024",
        "Amends public procurement rules: electronic tendering for all government entities, publication of contract "
        "awards, and a thirty per cent reservation of tenders for youth, women and persons with disabilities.",
        "1. This Act may be cited as the Public Procurement and Asset Disposal (Amendment) Act, 2024. 2. Every "
        "procuring entity shall use the electronic government procurement system. 3. Contract awards shall be "
        "published within seven days. 4. Thirty per cent of tenders are reserved for youth, women and persons with "
        "disabilities.",
        "governance", "committee_stage", tags=("procurement", "tenders"), introduced=dt.date(2024, 3, 18),
        engagement=60,
    ),
    Bill(
        "whistleblower", "NA 5/2023", "The Whistleblower Protection Bill, 2023",
        "Protects people who report wrongdoing in public and private bodies from victimisation, and rewards reports "
        "that recover public funds.",
        "1. This Act may be cited as the Whistleblower Protection Act, 2023. 2. A person who reports wrongdoing in "
        "good faith shall not be dismissed, demoted or harassed. 3. A whistleblower whose report leads to recovery "
        "of public funds may receive up to five per cent of the amount recovered.",
        "governance", "first_reading", tags=("whistleblower",), introduced=dt.date(2023, 2, 2), engagement=40,
    ),
    Bill(
        "social_health", "NA 58/2023", "The Social Health Insurance Bill, 2023",
        "Replaces the National Hospital Insurance Fund (NHIF) with the Social Health Insurance Fund: every household "
        "contributes two point seven five per cent of income, and the fund pays for primary, emergency and chronic "
        "care.",
        "1. This Act may be cited as the Social Health Insurance Act, 2023. 2. The National Hospital Insurance Fund "
        "Act is repealed. 3. The Social Health Insurance Fund is established. 4. Every household shall contribute "
        "two point seven five per cent of its income. 5. The Primary Healthcare Fund and the Emergency, Chronic and "
        "Critical Illness Fund are established.",
        "health", "act_of_parliament", tags=("health", "insurance", "nhif"), introduced=dt.date(2023, 8, 10),
        engagement=880,
    ),
    Bill(
        "primary_health", "SEN 12/2023", "The Primary Health Care Bill, 2023",
        "Organises primary health care networks in every county and makes community health promoters part of the "
        "county health workforce with a monthly stipend.",
        "1. This Act may be cited as the Primary Health Care Act, 2023. 2. Every county shall establish primary care "
        "networks linking dispensaries, health centres and a county hospital. 3. Community health promoters shall be "
        "recruited, trained and paid a monthly stipend by county governments.",
        "health", "act_of_parliament", "senate", tags=("health", "community"), introduced=dt.date(2023, 7, 20),
        engagement=200,
    ),
    Bill(
        "mental_health", "SEN 4/2022", "The Mental Health (Amendment) Bill, 2022",
        "Decriminalises attempted suicide, requires every county hospital to offer mental health services and "
        "protects the rights of persons with mental illness.",
        "1. This Act may be cited as the Mental Health (Amendment) Act, 2022. 2. Every county referral hospital shall "
        "have a mental health unit. 3. Section 226 of the Penal Code on attempted suicide is repealed. 4. A "
        "person with "
        "mental illness shall not be detained without a review by the Mental Health Review Tribunal.",
        "health", "third_reading", "senate", tags=("health", "mental"), introduced=dt.date(2022, 11, 2),
        engagement=75,
    ),
    Bill(
        "basic_education", "NA 26/2024", "The Basic Education (Amendment) Bill, 2024",
        "Raises capitation grants for public primary and secondary schools, bans unauthorised school fees and levies, "
        "and requires boards of management to publish school budgets.",
        "1. This Act may be cited as the Basic Education (Amendment) Act, 2024. 2. The capitation grant for every "
        "learner in a public secondary school shall be twenty-two thousand shillings a year. 3. No public school "
        "shall charge any fee or levy not approved by the Cabinet Secretary. 4. Boards of management shall publish "
        "their budgets on a school notice board.",
        "education", "second_reading", tags=("education", "schools", "fees"), introduced=dt.date(2024, 6, 12),
        engagement=340,
    ),
    Bill(
        "helb", "NA 33/2024", "The Higher Education Loans Board (Amendment) Bill, 2024",
        "Extends HELB loans to students in technical and vocational colleges, lowers the interest rate to two per "
        "cent and waives penalties for unemployed graduates.",
        "1. This Act may be cited as the Higher Education Loans Board (Amendment) Act, 2024. 2. The Board shall lend "
        "to students in universities and in technical and vocational education and training institutions. 3. The "
        "interest on a loan shall not exceed two per cent a year. 4. Penalties are waived for a graduate who has been "
        "unemployed for a year.",
        "education", "first_reading", tags=("helb", "loans", "students"), introduced=dt.date(2024, 9, 3),
        engagement=260,
    ),
    Bill(
        "tsc", "NA 19/2022", "The Teachers Service Commission (Amendment) Bill, 2022",
        "Changes how teachers are promoted, transfers the training of teachers to the Commission and sets rules on "
        "delocalisation.",
        "1. This Act may be cited as the Teachers Service Commission (Amendment) Act, 2022. 2. Promotion of teachers "
        "shall be based on performance appraisal and years of service. 3. A teacher shall not be transferred outside "
        "the home county without consent, save for disciplinary reasons.",
        "education", "lapsed", tags=("teachers",), introduced=dt.date(2022, 3, 30), engagement=110,
    ),
    Bill(
        "housing", "NA 75/2023", "The Affordable Housing Bill, 2023",
        "Gives the housing levy a legal basis after the courts struck it down: employees and employers each pay one "
        "point five per cent of gross salary into the Affordable Housing Fund.",
        "1. This Act may be cited as the Affordable Housing Act, 2023. 2. The Affordable Housing Fund is established. "
        "3. The Affordable Housing Levy is charged at one point five per cent of gross salary, paid by the employee "
        "and matched by the employer. 4. Houses built by the Fund shall be allocated through a tenant purchase "
        "scheme.",
        "land", "act_of_parliament", tags=("housing", "levy"), introduced=dt.date(2023, 12, 6), engagement=760,
    ),
    Bill(
        "land", "SEN 15/2024", "The Land (Amendment) Bill, 2024",
        "Speeds up land registration and the issue of title deeds, digitises land records and sets timelines for "
        "resolving boundary disputes.",
        "1. This Act may be cited as the Land (Amendment) Act, 2024. 2. Every land registry shall keep records in "
        "the national land information management system. 3. A title deed shall be issued within ninety days of "
        "registration. 4. Boundary disputes shall be heard by the land registrar within sixty days.",
        "land", "second_reading", "senate", tags=("land", "titles"), introduced=dt.date(2024, 4, 25), engagement=140,
    ),
    Bill(
        "community_land", "NA 7/2022", "The Community Land (Amendment) Bill, 2022",
        "Protects community land from irregular allocation and requires the consent of two thirds of community "
        "members before community land is leased to investors.",
        "1. This Act may be cited as the Community Land (Amendment) Act, 2022. 2. No community land shall be leased "
        "without the consent of two thirds of the registered members. 3. Pastoralist communities in Samburu, Isiolo "
        "and Marsabit may register grazing land as community land.",
        "land", "committee_stage", counties=("samburu", "isiolo", "marsabit"), tags=("land", "community"),
        introduced=dt.date(2022, 5, 17), engagement=55,
    ),
    Bill(
        "climate", "NA 44/2023", "The Climate Change (Amendment) Bill, 2023",
        "Regulates carbon markets: carbon credit projects must be registered, share benefits with local communities "
        "and pay a share of their earnings to the national treasury.",
        "1. This Act may be cited as the Climate Change (Amendment) Act, 2023. 2. A carbon market project shall be "
        "registered with the Climate Change Council. 3. At least forty per cent of the earnings from carbon credits "
        "from land-based projects shall go to the community. 4. Emission reductions shall be verified yearly.",
        "environment", "act_of_parliament", tags=("climate", "carbon"), introduced=dt.date(2023, 6, 14),
        engagement=130,
    ),
    Bill(
        "forest", "SEN 6/2024", "The Forest Conservation and Management (Amendment) Bill, 2024",
        "Protects water towers such as the Mau forest and Mount Kenya forest: no public forest may be excised without "
        "the approval of Parliament, and evictions must follow resettlement plans.",
        "1. This Act may be cited as the Forest Conservation and Management (Amendment) Act, 2024. 2. No public forest "
        "shall be excised without approval of Parliament. 3. The Mau forest complex and the Mount Kenya forest are "
        "declared protected water towers. 4. Evictions from forests shall follow a resettlement plan.",
        "environment", "first_reading", "senate", counties=("narok", "nakuru", "nyeri"),
        tags=("forest", "conservation"),
        introduced=dt.date(2024, 7, 1), engagement=80,
    ),
    Bill(
        "water", "NA 50/2024", "The Water (Amendment) Bill, 2024",
        "Requires water service providers to publish tariffs and supply informal settlements, and protects river "
        "catchments from pollution.",
        "1. This Act may be cited as the Water (Amendment) Act, 2024. 2. Every water service provider shall publish "
        "its tariffs. 3. Water service providers shall extend supply to informal settlements. 4. Discharging waste "
        "into a river catchment is an offence.",
        "environment", "first_reading", tags=("water",), introduced=dt.date(2024, 10, 8), engagement=35,
    ),
    Bill(
        "county_governments", "SEN 3/2024", "The County Governments (Amendment) Bill, 2024",
        "Clarifies the powers of governors and county assemblies, creates ward development funds and sets rules for "
        "the impeachment of a governor.",
        "1. This Act may be cited as the County Governments (Amendment) Act, 2024. 2. Each county assembly shall "
        "establish a ward development fund. 3. A motion to remove a governor shall be supported by two thirds of the "
        "members of the county assembly. 4. County executive committee members shall appear before the assembly "
        "every quarter.",
        "devolution", "second_reading", "senate", tags=("county", "governor"), introduced=dt.date(2024, 2, 8),
        engagement=95,
    ),
    Bill(
        "division_revenue", "NA 12/2024", "The Division of Revenue Bill, 2024",
        "Divides revenue raised nationally between the national government and the counties for the 2024/25 "
        "financial year: four hundred billion shillings to the counties.",
        "1. This Act may be cited as the Division of Revenue Act, 2024. 2. Of the revenue raised nationally, "
        "four hundred billion shillings is allocated to county governments as their equitable share. 3. The "
        "equalisation fund receives eleven billion shillings.",
        "devolution", "act_of_parliament", tags=("revenue", "counties"), introduced=dt.date(2024, 4, 2),
        engagement=180,
    ),
    Bill(
        "county_allocation", "SEN 5/2024", "The County Allocation of Revenue Bill, 2024",
        "Shares the counties' equitable share of revenue among the 47 counties using the third basis formula, with "
        "conditional grants for level five hospitals and roads.",
        "1. This Act may be cited as the County Allocation of Revenue Act, 2024. 2. The equitable share is divided "
        "among the counties according to the Schedule. 3. Conditional allocations are made for level five hospitals "
        "and county roads maintenance.",
        "devolution", "third_reading", "senate", tags=("revenue", "allocation", "counties"),
        introduced=dt.date(2024, 5, 21), engagement=150,
    ),
    Bill(
        "elections", "NA 36/2024", "The Elections (Amendment) Bill, 2024",
        "Introduces electronic transmission of results from every polling station, audits of the voter register and "
        "limits on campaign spending.",
        "1. This Act may be cited as the Elections (Amendment) Act, 2024. 2. Results from every polling station shall "
        "be transmitted electronically and published. 3. The register of voters shall be audited six months before a "
        "general election. 4. Campaign expenditure limits shall be published by the Commission.",
        "elections", "second_reading", tags=("elections", "voters"), introduced=dt.date(2024, 6, 18), engagement=230,
    ),
    Bill(
        "iebc", "NA 10/2024", "The Independent Electoral and Boundaries Commission (Amendment) Bill, 2024",
        "Reconstitutes the IEBC selection panel, with nominees of the Parliamentary Service Commission, the "
        "Law Society "
        "and faith-based organisations, so that new commissioners can be appointed.",
        "1. This Act may be cited as the Independent Electoral and Boundaries Commission (Amendment) Act, 2024. "
        "2. The selection panel for commissioners of the IEBC shall have nine members. 3. The panel shall recruit "
        "commissioners within ninety days.",
        "elections", "act_of_parliament", tags=("iebc", "commissioners"), introduced=dt.date(2024, 3, 26),
        engagement=310,
    ),
    Bill(
        "political_parties", "NA 2/2022", "The Political Parties (Amendment) Bill, 2022",
        "Allows coalition political parties, regulates party nominations and the Political Parties Fund.",
        "1. This Act may be cited as the Political Parties (Amendment) Act, 2022. 2. Political parties may form a "
        "coalition political party. 3. Party nominations shall be conducted by secret ballot.",
        "elections", "act_of_parliament", tags=("parties",), introduced=dt.date(2022, 1, 12), engagement=70,
    ),
    Bill(
        "police", "NA 40/2024", "The National Police Service (Amendment) Bill, 2024",
        "Makes police officers who use excessive force personally liable, requires body cameras during protests and "
        "strengthens the Independent Policing Oversight Authority.",
        "1. This Act may be cited as the National Police Service (Amendment) Act, 2024. 2. A police officer who uses "
        "excessive force during a public protest is personally liable. 3. Officers policing demonstrations shall wear "
        "body cameras. 4. The Independent Policing Oversight Authority may investigate any death in police custody.",
        "justice", "first_reading", tags=("police", "protests"), introduced=dt.date(2024, 7, 30), engagement=520,
    ),
    Bill(
        "legal_aid", "SEN 9/2023", "The Legal Aid (Amendment) Bill, 2023",
        "Extends free legal aid to pre-trial detainees and children in conflict with the law, funded by the Legal Aid "
        "Fund.",
        "1. This Act may be cited as the Legal Aid (Amendment) Act, 2023. 2. Legal aid shall be available to every "
        "pre-trial detainee who cannot afford an advocate. 3. A child in conflict with the law shall be represented "
        "in court.",
        "justice", "committee_stage", "senate", tags=("legal aid", "courts"), introduced=dt.date(2023, 10, 11),
        engagement=30,
    ),
    Bill(
        "disability", "SEN 7/2023", "The Persons with Disabilities Bill, 2023",
        "Replaces the 2003 Act: a national disability council, five per cent of public jobs for persons with "
        "disabilities, accessible public buildings and tax relief for disability aids.",
        "1. This Act may be cited as the Persons with Disabilities Act, 2023. 2. The National Council for Persons with "
        "Disabilities is established. 3. Five per cent of appointments in the public service are reserved for persons "
        "with disabilities. 4. Every public building shall be accessible.",
        "social", "third_reading", "senate", tags=("disability", "inclusion"), introduced=dt.date(2023, 4, 4),
        engagement=160,
    ),
    Bill(
        "children", "NA 28/2023", "The Children (Amendment) Bill, 2023",
        "Raises the age of criminal responsibility to fourteen years and regulates children's homes and adoption.",
        "1. This Act may be cited as the Children (Amendment) Act, 2023. 2. The age of criminal responsibility is "
        "fourteen years. 3. Every charitable children's institution shall be registered and inspected.",
        "social", "second_reading", tags=("children", "adoption"), introduced=dt.date(2023, 11, 15), engagement=85,
    ),
    Bill(
        "employment", "NA 31/2024", "The Employment (Amendment) Bill, 2024",
        "Sets a national minimum wage reviewed every year, regulates internships and paid leave for fathers, and "
        "protects casual workers.",
        "1. This Act may be cited as the Employment (Amendment) Act, 2024. 2. The minimum wage shall be reviewed every "
        "year by the Wages Council. 3. An intern shall receive a stipend of not less than half the minimum wage. "
        "4. A father is entitled to three weeks of paid paternity leave. 5. A casual worker employed for three months "
        "becomes a permanent employee.",
        "labour", "first_reading", tags=("wages", "workers"), introduced=dt.date(2024, 8, 20), engagement=270,
    ),
    Bill(
        "nssf", "NA 16/2022", "The National Social Security Fund (Amendment) Bill, 2022",
        "Raises NSSF pension contributions in stages to six per cent of pensionable earnings for employees and "
        "employers.",
        "1. This Act may be cited as the National Social Security Fund (Amendment) Act, 2022. 2. Contributions shall "
        "rise over five years to six per cent of pensionable earnings. 3. Members may transfer savings between "
        "pension schemes.",
        "labour", "act_of_parliament", tags=("pension", "nssf"), introduced=dt.date(2022, 9, 27), engagement=190,
    ),
    Bill(
        "boda", "SEN 1/2023", "The Public Transport (Motorcycle Regulation) Bill, 2023",
        "Regulates boda boda motorcycle taxis: registration of riders with county governments, helmets and reflective "
        "jackets for riders and passengers, and designated parking areas.",
        "1. This Act may be cited as the Public Transport (Motorcycle Regulation) Act, 2023. 2. Every rider of a "
        "motorcycle taxi, known as boda boda, shall register with the county government. 3. The rider and the "
        "passenger shall wear a helmet and a reflective jacket. 4. Counties shall designate parking areas for boda "
        "boda operators.",
        "transport", "second_reading", "senate", tags=("boda boda", "motorcycles"), introduced=dt.date(2023, 1, 24),
        engagement=330,
    ),
    Bill(
        "roads", "NA 47/2023", "The Kenya Roads (Amendment) Bill, 2023",
        "Requires toll roads to be approved by Parliament and reserves a share of the fuel levy for rural roads.",
        "1. This Act may be cited as the Kenya Roads (Amendment) Act, 2023. 2. No road shall be tolled without "
        "approval of Parliament. 3. Fifteen per cent of the road maintenance levy shall go to rural roads.",
        "transport", "first_reading", tags=("roads", "toll"), introduced=dt.date(2023, 10, 3), engagement=45,
    ),
    Bill(
        "energy", "NA 24/2024", "The Energy (Amendment) Bill, 2024",
        "Caps electricity tariffs for households using less than one hundred units a month, opens the grid to solar "
        "net metering and allows counties to plan rural electrification.",
        "1. This Act may be cited as the Energy (Amendment) Act, 2024. 2. The lifeline tariff for domestic consumers "
        "using less than one hundred units of electricity a month shall not rise without approval of Parliament. "
        "3. A consumer with solar panels may sell surplus power to the grid through net metering.",
        "energy", "committee_stage", tags=("electricity", "tariffs", "solar"), introduced=dt.date(2024, 5, 28),
        engagement=210,
    ),
    Bill(
        "data_protection", "NA 38/2024", "The Data Protection (Amendment) Bill, 2024",
        "Strengthens privacy rights: consent before personal data is shared, a right to delete data held by digital "
        "lenders, and higher penalties for data breaches.",
        "1. This Act may be cited as the Data Protection (Amendment) Act, 2024. 2. Personal data shall not be shared "
        "with a third party without the consent of the data subject. 3. A digital lender shall delete the contacts of "
        "a borrower on request. 4. The fine for a data breach is raised to five million shillings.",
        "ict", "second_reading", tags=("privacy", "data"), introduced=dt.date(2024, 9, 17), engagement=240,
    ),
    Bill(
        "cybercrimes", "SEN 14/2024", "The Computer Misuse and Cybercrimes (Amendment) Bill, 2024",
        "Creates offences of cyber bullying, online impersonation and the unlawful sharing of intimate "
        "images, and lets "
        "courts order the removal of unlawful content.",
        "1. This Act may be cited as the Computer Misuse and Cybercrimes (Amendment) Act, 2024. 2. A person who "
        "engages in cyber bullying commits an offence. 3. Impersonating another person online is an offence. "
        "4. A court may order a platform to take down unlawful content within twenty-four hours.",
        "ict", "first_reading", "senate", tags=("cybercrime", "online"), introduced=dt.date(2024, 10, 22),
        engagement=280,
    ),
    Bill(
        "parliament_powers", "NA 4/2024", "The Parliamentary Powers and Privileges (Amendment) Bill, 2024",
        "Protects the freedom of speech of members of Parliament in the House and sets penalties for contempt of "
        "Parliament and for misleading a committee.",
        "1. This Act may be cited as the Parliamentary Powers and Privileges (Amendment) Act, 2024. 2. No civil or "
        "criminal proceedings shall be brought against a member for words spoken in Parliament. 3. A person who "
        "misleads a committee of Parliament commits an offence.",
        "governance", "first_reading", tags=("parliament", "privileges"), introduced=dt.date(2024, 1, 30),
        engagement=65,
    ),
    Bill(
        "public_participation", "SEN 10/2024", "The Public Participation Bill, 2024",
        "Sets minimum standards for public participation in law making: notice of at least fourteen days, hearings in "
        "every county, documents in Kiswahili and English, and a report on how views were considered.",
        "1. This Act may be cited as the Public Participation Act, 2024. 2. A public entity shall give at least "
        "fourteen days notice of a public participation forum. 3. Forums shall be held in every county affected. "
        "4. Documents shall be published in Kiswahili and English. 5. The entity shall publish a report on how the "
        "views of the public were taken into account.",
        "governance", "second_reading", "senate", tags=("participation", "citizens"), introduced=dt.date(2024, 8, 27),
        engagement=190,
    ),
    Bill(
        "livestock", "NA 43/2024", "The Livestock Bill, 2024",
        "Registers livestock keepers, regulates animal feeds and breeding, and creates a livestock insurance "
        "scheme for "
        "pastoralists in drought-prone counties.",
        "1. This Act may be cited as the Livestock Act, 2024. 2. Every livestock keeper shall register with the county "
        "government. 3. Animal feeds shall meet standards set by the Kenya Bureau of Standards. 4. A livestock "
        "insurance scheme shall cover pastoralists in arid and semi-arid counties against drought.",
        "agriculture", "committee_stage", counties=("turkana", "wajir", "garissa", "marsabit"),
        tags=("livestock", "pastoralists"), introduced=dt.date(2024, 9, 10), engagement=140,
    ),
    Bill(
        "fisheries", "SEN 13/2022", "The Fisheries Management and Development (Amendment) Bill, 2022",
        "Protects fish stocks in Lake Victoria and the Indian Ocean, bans undersized nets and supports beach "
        "management "
        "units.",
        "1. This Act may be cited as the Fisheries Management and Development (Amendment) Act, 2022. 2. Fishing with "
        "nets of a mesh smaller than five inches in Lake Victoria is prohibited. 3. Beach management units shall be "
        "registered in Kisumu, Homa Bay, Siaya, Busia and Migori.",
        "agriculture", "act_of_parliament", "senate", counties=("kisumu", "homa_bay", "siaya", "busia", "migori"),
        tags=("fisheries", "lake victoria"), introduced=dt.date(2022, 10, 4), engagement=50,
    ),
)

BY_KEY: dict[str, Bill] = {b.key: b for b in BILLS}

CASES: tuple[Case, ...] = (
    # Plain words and phrases.
    Case("coffee", ("coffee",), "word"),
    Case("tea farmers", ("tea",), "words"),
    Case("health insurance", ("social_health",), "words"),
    Case("minimum wage", ("employment",), "words"),
    Case("housing levy", ("housing",), "words"),
    Case("teachers promotion", ("tsc",), "words"),
    Case("carbon credits", ("climate",), "words"),
    Case("mau forest", ("forest",), "words"),
    Case("boda boda", ("boda",), "words"),
    Case('"public participation"', ("public_participation",), "phrase"),
    Case('"cyber bullying"', ("cybercrimes",), "phrase"),
    Case("county revenue allocation", ("county_allocation",), "words"),
    # Negation.
    Case("tea -coffee", ("tea",), "negation", exclude=("coffee",)),
    Case("finance bill -2023", ("finance_2024",), "negation", exclude=("finance_2023",)),
    # Kiswahili (and the synonyms of revision 0100).
    Case("ushuru", ("finance_2024",), "kiswahili"),
    Case("afya", ("primary_health",), "kiswahili"),
    Case("elimu", ("basic_education",), "kiswahili"),
    Case("ufisadi", ("anti_corruption",), "kiswahili"),
    Case("ardhi", ("land",), "kiswahili"),
    Case("bunge", ("parliament_powers",), "kiswahili"),
    Case("mswada wa fedha", ("finance_2024",), "kiswahili"),
    Case("ajira", ("employment",), "kiswahili"),
    # English synonyms.
    Case("graft", ("anti_corruption",), "synonym"),
    Case("electricity", ("energy",), "word"),
    # Typos (did you mean, trigram).
    Case("cofee", ("coffee",), "typo"),
    Case("cofee farmers", ("coffee",), "typo"),
    Case("whistle blower", ("whistleblower",), "typo"),
    Case("pastoralist livestok", ("livestock",), "typo"),
    # Acronyms and numbers.
    Case("IEBC", ("iebc",), "acronym"),
    Case("NHIF", ("social_health",), "acronym"),
    Case("HELB loans", ("helb",), "acronym"),
    Case("Bill No. 30 of 2024", ("finance_2024",), "bill_number"),
    Case("NA 30/2024", ("finance_2024",), "bill_number"),
    Case("Senate Bill No. 2 of 2023", ("coffee",), "bill_number"),
    Case("Finance Bill 2024", ("finance_2024",), "words"),
    # Most words: no bill has every word.
    Case("police brutality protests", ("police",), "most_words"),
    Case("sugarcane farmers fair prices maize", ("sugar",), "most_words"),
    # Filters.
    Case("farmers", ("coffee",), "filter", filters={"county": "Kiambu"}),
    Case("health", ("mental_health",), "filter", filters={"status": "third_reading"}),
)
