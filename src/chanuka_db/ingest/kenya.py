"""Reference data about Kenya used by the demo generator: counties, constituencies, policy areas.

The 47 counties (keys are the ``kenyan_county`` enum values) with their constituencies as created
by the 2010 Constitution's boundaries review (290 constituencies). Policy areas carry bill title
subjects and topic vocabulary, in English and Kiswahili, so generated bills read like real ones.
"""

from __future__ import annotations

COUNTIES: dict[str, tuple[str, ...]] = {
    "mombasa": ("Changamwe", "Jomvu", "Kisauni", "Nyali", "Likoni", "Mvita"),
    "kwale": ("Msambweni", "Lungalunga", "Matuga", "Kinango"),
    "kilifi": ("Kilifi North", "Kilifi South", "Kaloleni", "Rabai", "Ganze", "Malindi", "Magarini"),
    "tana_river": ("Garsen", "Galole", "Bura"),
    "lamu": ("Lamu East", "Lamu West"),
    "taita_taveta": ("Taveta", "Wundanyi", "Mwatate", "Voi"),
    "garissa": ("Garissa Township", "Balambala", "Lagdera", "Dadaab", "Fafi", "Ijara"),
    "wajir": ("Wajir North", "Wajir East", "Tarbaj", "Wajir West", "Eldas", "Wajir South"),
    "mandera": ("Mandera West", "Banissa", "Mandera North", "Mandera South", "Mandera East", "Lafey"),
    "marsabit": ("Moyale", "North Horr", "Saku", "Laisamis"),
    "isiolo": ("Isiolo North", "Isiolo South"),
    "meru": (
        "Igembe South", "Igembe Central", "Igembe North", "Tigania West", "Tigania East",
        "North Imenti", "Buuri", "Central Imenti", "South Imenti",
    ),
    "tharaka_nithi": ("Maara", "Chuka/Igambang'ombe", "Tharaka"),
    "embu": ("Manyatta", "Runyenjes", "Mbeere South", "Mbeere North"),
    "kitui": ("Mwingi North", "Mwingi West", "Mwingi Central", "Kitui West", "Kitui Rural", "Kitui Central",
              "Kitui East", "Kitui South"),
    "machakos": ("Masinga", "Yatta", "Kangundo", "Matungulu", "Kathiani", "Mavoko", "Machakos Town", "Mwala"),
    "makueni": ("Mbooni", "Kilome", "Kaiti", "Makueni", "Kibwezi West", "Kibwezi East"),
    "nyandarua": ("Kinangop", "Kipipiri", "Ol Kalou", "Ol Jorok", "Ndaragwa"),
    "nyeri": ("Tetu", "Kieni", "Mathira", "Othaya", "Mukurweini", "Nyeri Town"),
    "kirinyaga": ("Mwea", "Gichugu", "Ndia", "Kirinyaga Central"),
    "muranga": ("Kangema", "Mathioya", "Kiharu", "Kigumo", "Maragwa", "Kandara", "Gatanga"),
    "kiambu": (
        "Gatundu South", "Gatundu North", "Juja", "Thika Town", "Ruiru", "Githunguri", "Kiambu", "Kiambaa",
        "Kabete", "Kikuyu", "Limuru", "Lari",
    ),
    "turkana": ("Turkana North", "Turkana West", "Turkana Central", "Loima", "Turkana South", "Turkana East"),
    "west_pokot": ("Kapenguria", "Sigor", "Kacheliba", "Pokot South"),
    "samburu": ("Samburu West", "Samburu North", "Samburu East"),
    "trans_nzoia": ("Kwanza", "Endebess", "Saboti", "Kiminini", "Cherangany"),
    "uasin_gishu": ("Soy", "Turbo", "Moiben", "Ainabkoi", "Kapseret", "Kesses"),
    "elgeyo_marakwet": ("Marakwet East", "Marakwet West", "Keiyo North", "Keiyo South"),
    "nandi": ("Tinderet", "Aldai", "Nandi Hills", "Chesumei", "Emgwen", "Mosop"),
    "baringo": ("Tiaty", "Baringo North", "Baringo Central", "Baringo South", "Mogotio", "Eldama Ravine"),
    "laikipia": ("Laikipia West", "Laikipia East", "Laikipia North"),
    "nakuru": (
        "Molo", "Njoro", "Naivasha", "Gilgil", "Kuresoi South", "Kuresoi North", "Subukia", "Rongai",
        "Bahati", "Nakuru Town West", "Nakuru Town East",
    ),
    "narok": ("Kilgoris", "Emurua Dikirr", "Narok North", "Narok East", "Narok South", "Narok West"),
    "kajiado": ("Kajiado North", "Kajiado Central", "Kajiado East", "Kajiado West", "Kajiado South"),
    "kericho": ("Kipkelion East", "Kipkelion West", "Ainamoi", "Bureti", "Belgut", "Sigowet/Soin"),
    "bomet": ("Sotik", "Chepalungu", "Bomet East", "Bomet Central", "Konoin"),
    "kakamega": (
        "Lugari", "Likuyani", "Malava", "Lurambi", "Navakholo", "Mumias West", "Mumias East", "Matungu",
        "Butere", "Khwisero", "Shinyalu", "Ikolomani",
    ),
    "vihiga": ("Vihiga", "Sabatia", "Hamisi", "Luanda", "Emuhaya"),
    "bungoma": ("Mt. Elgon", "Sirisia", "Kabuchai", "Bumula", "Kanduyi", "Webuye East", "Webuye West",
                "Kimilili", "Tongaren"),
    "busia": ("Teso North", "Teso South", "Nambale", "Matayos", "Butula", "Funyula", "Budalangi"),
    "siaya": ("Ugenya", "Ugunja", "Alego Usonga", "Gem", "Bondo", "Rarieda"),
    "kisumu": ("Kisumu East", "Kisumu West", "Kisumu Central", "Seme", "Nyando", "Muhoroni", "Nyakach"),
    "homa_bay": ("Kasipul", "Kabondo Kasipul", "Karachuonyo", "Rangwe", "Homa Bay Town", "Ndhiwa",
                 "Suba North", "Suba South"),
    "migori": ("Rongo", "Awendo", "Suna East", "Suna West", "Uriri", "Nyatike", "Kuria West", "Kuria East"),
    "kisii": ("Bonchari", "South Mugirango", "Bomachoge Borabu", "Bobasi", "Bomachoge Chache",
              "Nyaribari Masaba", "Nyaribari Chache", "Kitutu Chache North", "Kitutu Chache South"),
    "nyamira": ("Kitutu Masaba", "West Mugirango", "North Mugirango", "Borabu"),
    "nairobi": (
        "Westlands", "Dagoretti North", "Dagoretti South", "Lang'ata", "Kibra", "Roysambu", "Kasarani",
        "Ruaraka", "Embakasi South", "Embakasi North", "Embakasi Central", "Embakasi East",
        "Embakasi West", "Makadara", "Kamukunji", "Starehe", "Mathare",
    ),
}

PARTIES: tuple[str, ...] = ("jubilee", "oda", "wiper", "kenya_kwanza", "azimio", "independent", "other")
# Rough shares of seats, so the demo's parliament looks like a parliament, not a uniform draw.
PARTY_WEIGHTS: tuple[float, ...] = (0.12, 0.2, 0.07, 0.35, 0.15, 0.06, 0.05)


# Each policy area: (bill title subjects, committee, English topic words, Kiswahili topic words).
POLICY_AREAS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]] = {
    "finance": (
        ("Finance", "Appropriation", "Supplementary Appropriation", "Public Finance Management", "Tax Procedures",
         "Excise Duty", "Value Added Tax", "Income Tax", "Tax Laws", "Public Debt Management", "Division of Revenue"),
        "Departmental Committee on Finance and National Planning",
        ("tax", "revenue", "budget", "levy", "duty", "treasury", "expenditure", "debt", "borrowing", "fiscal",
         "appropriation", "exchequer", "audit", "deficit", "taxpayer", "income", "excise", "customs"),
        ("ushuru", "kodi", "fedha", "bajeti", "deni", "hazina", "mapato", "matumizi", "bei"),
    ),
    "health": (
        ("Public Health", "Health", "Primary Health Care", "Social Health Insurance", "Mental Health",
         "Quality Healthcare and Patient Safety", "Kenya Drugs Authority", "Tobacco Control", "Nurses and Midwives"),
        "Departmental Committee on Health",
        ("health", "hospital", "patient", "clinic", "medicine", "nurse", "doctor", "insurance", "disease",
         "vaccine", "maternity", "pharmacy", "treatment", "facility", "epidemic", "clinical"),
        ("afya", "hospitali", "dawa", "mgonjwa", "daktari", "zahanati", "chanjo", "matibabu", "bima"),
    ),
    "education": (
        ("Basic Education", "Universities", "Teachers Service Commission", "Early Childhood Education",
         "Technical and Vocational Education and Training", "Kenya Institute of Curriculum Development",
         "Higher Education Loans Board", "Sports"),
        "Departmental Committee on Education",
        ("school", "education", "teacher", "student", "curriculum", "university", "learner", "bursary",
         "examination", "capitation", "classroom", "tuition", "scholarship", "literacy"),
        ("elimu", "shule", "mwalimu", "walimu", "wanafunzi", "mtaala", "chuo", "karo", "mtihani"),
    ),
    "agriculture": (
        ("Coffee", "Tea", "Sugar", "Crops", "Livestock", "Agriculture and Food Authority", "Irrigation",
         "Fisheries Management and Development", "Cooperatives", "Warehouse Receipt System",
         "Seeds and Plant Varieties"),
        "Departmental Committee on Agriculture and Livestock",
        ("farmer", "coffee", "tea", "sugar", "crop", "livestock", "fertiliser", "harvest", "irrigation", "seed",
         "cooperative", "dairy", "maize", "cane", "pastoralist", "veterinary", "fishery"),
        ("kilimo", "wakulima", "mkulima", "mifugo", "mbolea", "mavuno", "mahindi", "chai", "kahawa", "samaki"),
    ),
    "devolution": (
        ("County Governments", "County Allocation of Revenue", "Intergovernmental Relations", "Urban Areas and Cities",
         "County Assemblies Powers and Privileges", "County Statistics", "Devolution"),
        "Senate Standing Committee on Devolution and Intergovernmental Relations",
        ("county", "devolution", "governor", "ward", "assembly", "allocation", "equalisation", "decentralised",
         "intergovernmental", "municipality", "subcounty", "localised"),
        ("kaunti", "ugatuzi", "gavana", "wadi", "serikali", "mgao"),
    ),
    "land": (
        ("Land", "Land Registration", "Community Land", "Physical and Land Use Planning", "Land Value Index",
         "Housing", "Affordable Housing", "Rent Restriction", "Sectional Properties"),
        "Departmental Committee on Lands",
        ("land", "title", "tenure", "lease", "eviction", "housing", "tenant", "landlord", "compulsory",
         "acquisition", "surveyor", "registry", "rent", "mortgage"),
        ("ardhi", "shamba", "nyumba", "kodi", "hatimiliki", "makazi"),
    ),
    "environment": (
        ("Climate Change", "Environmental Management and Co-ordination", "Forest Conservation and Management",
         "Water", "Wildlife Conservation and Management", "Sustainable Waste Management", "Mining"),
        "Departmental Committee on Environment, Forestry and Mining",
        ("climate", "forest", "water", "wildlife", "waste", "pollution", "emission", "conservation", "drought",
         "mining", "mineral", "catchment", "biodiversity", "carbon"),
        ("mazingira", "misitu", "maji", "wanyamapori", "ukame", "madini", "taka"),
    ),
    "governance": (
        ("Anti-Corruption and Economic Crimes", "Leadership and Integrity", "Public Officer Ethics",
         "Bribery", "Whistleblower Protection", "Access to Information", "Public Procurement and Asset Disposal",
         "Conflict of Interest"),
        "Departmental Committee on Justice and Legal Affairs",
        ("corruption", "integrity", "procurement", "tender", "bribery", "ethics", "accountability",
         "transparency", "whistleblower", "embezzlement", "oversight", "asset", "graft", "conflict"),
        ("ufisadi", "rushwa", "uadilifu", "uwazi", "zabuni", "uwajibikaji"),
    ),
    "justice": (
        ("Judicature", "Criminal Procedure Code", "Penal Code", "Legal Aid", "Evidence", "Prisons",
         "National Police Service", "Persons Deprived of Liberty", "Small Claims Court"),
        "Departmental Committee on Administration and Internal Security",
        ("court", "judge", "police", "prison", "bail", "offence", "penalty", "magistrate", "prosecution",
         "sentence", "custody", "appeal", "tribunal", "justice"),
        ("mahakama", "haki", "polisi", "gereza", "hakimu", "adhabu", "usalama"),
    ),
    "elections": (
        ("Elections", "Election Offences", "Political Parties", "Independent Electoral and Boundaries Commission",
         "Election Campaign Financing", "Referendum", "Constitution of Kenya (Amendment)"),
        "Departmental Committee on Justice and Legal Affairs",
        ("election", "voter", "ballot", "candidate", "nomination", "party", "boundaries", "referendum",
         "campaign", "tallying", "constituency", "polling", "register"),
        ("uchaguzi", "mpiga kura", "kura", "chama", "mgombea", "kampeni", "katiba"),
    ),
    "labour": (
        ("Employment", "Labour Relations", "National Social Security Fund", "Minimum Wage",
         "Occupational Safety and Health",
         "Retirement Benefits", "Public Service Commission", "Work Injury Benefits"),
        "Departmental Committee on Labour",
        ("employment", "worker", "wage", "salary", "pension", "union", "employer", "contribution", "retirement",
         "youth", "internship", "overtime", "dismissal"),
        ("ajira", "wafanyakazi", "mshahara", "mishahara", "pensheni", "vijana", "chama cha wafanyakazi"),
    ),
    "transport": (
        ("Traffic", "Kenya Roads", "National Transport and Safety Authority", "Railways", "Kenya Ports Authority",
         "Civil Aviation", "Merchant Shipping", "Public Transport (Motorcycle Regulation)"),
        "Departmental Committee on Transport and Infrastructure",
        ("road", "traffic", "railway", "port", "matatu", "motorcycle", "boda", "aviation", "highway", "toll",
         "infrastructure", "transport", "bypass"),
        ("barabara", "reli", "bandari", "usafiri", "pikipiki", "magari"),
    ),
    "energy": (
        ("Energy", "Petroleum", "Nuclear Regulatory", "Electricity", "Renewable Energy"),
        "Departmental Committee on Energy",
        ("energy", "electricity", "petroleum", "fuel", "tariff", "solar", "geothermal", "grid", "power",
         "connection", "pipeline", "nuclear"),
        ("umeme", "mafuta", "nishati", "gesi"),
    ),
    "ict": (
        ("Data Protection", "Computer Misuse and Cybercrimes", "Kenya Information and Communications",
         "Digital Health", "Startup", "Media Council", "Copyright"),
        "Departmental Committee on Communication, Information and Innovation",
        ("data", "digital", "internet", "cyber", "privacy", "broadband", "telecommunications", "platform",
         "online", "media", "innovation", "software", "surveillance"),
        ("mtandao", "teknolojia", "habari", "faragha", "simu"),
    ),
    "social": (
        ("Persons with Disabilities", "Children", "Social Assistance", "Gender Equality",
         "National Cohesion and Integration",
         "Refugees", "Marriage", "Alcoholic Drinks Control"),
        "Departmental Committee on Social Protection",
        ("disability", "child", "gender", "women", "elderly", "refugee", "cohesion", "orphan", "welfare",
         "inclusion", "cash", "transfer", "vulnerable"),
        ("watoto", "wanawake", "wazee", "ulemavu", "ustawi", "wakimbizi"),
    ),
}

# Words of the statute book: they give bills their legal register.
LEGAL_TERMS: tuple[str, ...] = (
    "shall", "hereby", "thereof", "pursuant", "notwithstanding", "provided", "subsection", "paragraph",
    "section", "schedule", "regulation", "commencement", "interpretation", "amendment", "repeal", "gazette",
    "cabinet", "secretary", "authority", "board", "commission", "tribunal", "offence", "penalty", "liable",
    "conviction", "fine", "imprisonment", "licence", "permit", "compliance", "enforcement", "statutory",
    "constitution", "article", "parliament", "senate", "assembly", "speaker", "committee", "report",
    "clause", "memorandum", "objects", "reasons", "delegated", "legislation", "exemption", "levy",
)

SWAHILI_COMMON: tuple[str, ...] = (
    "na", "ya", "wa", "kwa", "katika", "ni", "hii", "hiyo", "sisi", "wao", "lakini", "pia", "kama", "sana",
    "hapana", "ndiyo", "tunaomba", "tunataka", "wananchi", "serikali", "bunge", "mbunge", "wabunge", "seneta",
    "sheria", "mswada", "miswada", "katiba", "rais", "spika", "taifa", "nchi", "jamii", "maendeleo", "huduma",
    "haki", "uhuru", "amani", "umoja", "kazi", "pesa", "maisha", "watu", "mji", "kijiji", "mtaa", "soko",
    "biashara", "wafanyabiashara", "chakula", "njaa", "ukame", "mvua", "mto", "ziwa", "bahari", "mlima",
    "kusoma", "kuandika", "kupinga", "kuunga", "mkono", "kura", "maoni", "mjadala", "ushiriki", "umma",
    "mkutano", "baraza", "wizara", "waziri", "afisa", "ofisi", "ripoti", "uchunguzi", "ushahidi", "tume",
)

COMMENT_OPENERS: tuple[str, ...] = (
    "I support this bill because", "I oppose this bill since", "This clause will hurt", "As a resident of",
    "We need more public participation on", "Nakubaliana na mswada huu kwa sababu", "Hii sheria haitasaidia",
    "Wabunge wetu wasikilize wananchi kuhusu", "The committee should reconsider", "Who will pay for",
    "Tunaomba serikali ieleze", "This is a good step for", "The amendment to section", "Farmers in my ward say",
    "Kama mwalimu, naona kwamba", "The cost of living is already high and", "Please explain how",
)
