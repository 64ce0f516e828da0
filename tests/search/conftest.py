"""Search fixtures: the labelled bills, a few sponsors and comments, loaded once per test module."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from chanuka_db.engine import Database
from chanuka_db.search import refresh_vocabulary
from tests.search.relevance import BILLS

SPONSORS = (
    ("Hon. Wanjiku Kamau", "kiambu", "Kiambaa", "kenya_kwanza", "national_assembly",
     "Farmer and former cooperative chair; champions coffee and dairy farmers in Kiambu."),
    ("Hon. Otieno Ochieng'", "kisumu", "Kisumu Central", "oda", "national_assembly",
     "Advocate of the High Court; works on fisheries, Lake Victoria and youth employment."),
    ("Sen. Amina Hassan", "mombasa", None, "wiper", "senate",
     "Economist; chairs the Senate committee on finance and budget, writes on county revenue."),
    ("Hon. Kiprono Cheruiyot", "kericho", "Ainamoi", "jubilee", "national_assembly",
     "Tea farmer from Kericho; sponsor of the tea reforms."),
    ("Hon. Mwende Musyoka", "machakos", "Mavoko", "wiper", "national_assembly",
     "Teacher for twenty years; education and school feeding."),
    ("Sen. Barasa Wafula", "bungoma", None, "independent", "senate",
     "Sugarcane farmer; fights for fair cane prices and against corruption in sugar imports."),
)

#: (bill key, position, county, text, moderation status)
COMMENTS = (
    ("coffee", "support", "kiambu",
     "Coffee farmers in Kiambu wait six months for payment. Direct settlement will help.", "approved"),
    ("coffee", "support", "nyeri", "Wakulima wa kahawa wanahitaji malipo ya haraka. Nakubaliana na mswada huu.",
     "approved"),
    ("coffee", "oppose", "meru", "The cooperative societies are corrupt; the Board will not fix the cartels.",
     "approved"),
    ("coffee", "question", "muranga", "Who will fund the cherry advance revolving fund? What interest?", "approved"),
    ("coffee", "support", "kiambu", "Pending comment about coffee prices that is not moderated yet.", "pending"),
    ("finance_2024", "oppose", "nairobi", "Tax on bread will hurt families already facing a high cost of living.",
     "approved"),
    ("finance_2024", "oppose", "nakuru", "Ushuru huu wa mkate utaumiza wananchi wa kawaida. Tunapinga!", "approved"),
    ("finance_2024", "support", "mombasa", "Taxing mobile money is better than more borrowing from abroad.",
     "approved"),
    ("finance_2024", "neutral", "kisumu",
     "<script>alert('x')</script> the motor vehicle tax needs clarity: is 2.5% < 3% & fair?", "approved"),
)


@dataclass
class SearchData:
    """Ids of what the search fixture loaded."""

    db: Database
    bills: dict[str, uuid.UUID]
    sponsors: dict[str, uuid.UUID]
    comments: list[uuid.UUID]


def load(db: Database) -> SearchData:
    """Insert the labelled bills, sponsors, two users and the comments; refresh the search views."""
    bills: dict[str, uuid.UUID] = {}
    sponsors: dict[str, uuid.UUID] = {}
    comments: list[uuid.UUID] = []
    with db.transaction() as s:
        for name, county, constituency, party, chamber, bio in SPONSORS:
            sponsors[name] = s.execute(
                text(
                    "INSERT INTO sponsors (name, county, constituency, party, chamber, bio, position) "
                    "VALUES (:name, CAST(:county AS kenyan_county), :constituency, CAST(:party AS party), "
                    "CAST(:chamber AS chamber), :bio, :position) RETURNING id"
                ),
                {"name": name, "county": county, "constituency": constituency, "party": party, "chamber": chamber,
                 "bio": bio, "position": "Senator" if chamber == "senate" else "Member of Parliament"},
            ).scalar_one()
        sponsor_ids = list(sponsors.values())
        for i, bill in enumerate(BILLS):
            row = bill.row()
            row["sponsor_id"] = sponsor_ids[i % len(sponsor_ids)]
            bills[bill.key] = s.execute(
                text(
                    "INSERT INTO bills (bill_number, title, summary, full_text, category, status, chamber, "
                    "affected_counties, tags, introduced_date, last_action_date, engagement_score, sponsor_id) "
                    "VALUES (:bill_number, :title, :summary, :full_text, :category, CAST(:status AS bill_status), "
                    "CAST(:chamber AS chamber), CAST(CAST(:affected_counties AS text[]) AS kenyan_county[]), :tags, "
                    ":introduced_date, :last_action_date, :engagement_score, :sponsor_id) RETURNING id"
                ),
                row,
            ).scalar_one()
        users = [
            s.execute(
                text("INSERT INTO users (email, password_hash) VALUES (:e, :p) RETURNING id"),
                {"e": f"citizen{i}@example.ke", "p": "x" * 60},
            ).scalar_one()
            for i in range(2)
        ]
        for i, (key, position, county, body, status) in enumerate(COMMENTS):
            comments.append(
                s.execute(
                    text(
                        "INSERT INTO comments (bill_id, user_id, comment_text, position, user_county, "
                        "moderation_status, upvote_count) VALUES (:bill, :user, :body, CAST(:position AS "
                        "comment_position), CAST(:county AS kenyan_county), CAST(:status AS moderation_status), "
                        ":up) RETURNING id"
                    ),
                    {"bill": bills[key], "user": users[i % 2], "body": body, "position": position,
                     "county": county, "status": status, "up": i},
                ).scalar_one()
            )
        refresh_vocabulary(s)
    return SearchData(db=db, bills=bills, sponsors=sponsors, comments=comments)


@pytest.fixture(scope="module")
def search_data(chanuka_db: Database) -> SearchData:
    """The labelled corpus in this module's fresh database."""
    return load(chanuka_db)


@pytest.fixture
def session(search_data: SearchData) -> Iterator[Session]:
    """A session on the search database, rolled back afterwards."""
    with search_data.db.session() as s:
        try:
            yield s
        finally:
            s.rollback()
