"""Seed search_synonyms with legal, political and Kiswahili terms.

Kenyans search in English, Kiswahili and a mix of both ("mswada wa fedha", "finance bill"). Plain
English full-text search matches neither "bunge" to Parliament nor "ufisadi" to corruption, so query
expansion needs a vocabulary from day one: Kiswahili civic terms mapped to their English equivalents,
English legal and political terms mapped to their synonyms and to the Kiswahili word. One row per
term (search_synonyms.term is unique and lower-case); the reverse direction is read through the GIN
index on the synonyms array. Weights below 1 mark looser equivalents (county ~ region).

The old seed (0025) had 10 rows inserted with ON CONFLICT DO NOTHING on a table without a unique key,
so every run duplicated them. Here term is unique, so ON CONFLICT (term) DO NOTHING really skips a
term that is already there: a database adopted from the old module keeps its own rows for those
terms. The downgrade deletes only the rows that still hold exactly the seeded values, never a term
someone has since edited (nor one the old module had given other synonyms).

Revision ID: 0100_seed_search_synonyms
Revises: 0017_search
Create Date: 2026-11-25
"""

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0100_seed_search_synonyms"
down_revision: str | Sequence[str] | None = "0017_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A lightweight table: the migration must not depend on the model code, which changes over time.
search_synonyms = sa.table(
    "search_synonyms",
    sa.column("term", sa.String),
    sa.column("synonyms", postgresql.ARRAY(sa.Text)),
    sa.column("category", sa.String),
    sa.column("weight", sa.Numeric),
)

# (term, synonyms, category, weight)
SEED: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    # Kiswahili -> English
    ("bunge", ("parliament", "national assembly", "legislature"), "political", "1.0"),
    ("sheria", ("law", "legislation", "act", "statute"), "legal", "1.0"),
    ("mswada", ("bill", "draft law"), "legal", "1.0"),
    ("katiba", ("constitution", "constitutional"), "legal", "1.0"),
    ("marekebisho", ("amendment", "amendments", "revision"), "legal", "1.0"),
    ("mahakama", ("court", "judiciary"), "legal", "1.0"),
    ("haki", ("rights", "justice"), "legal", "0.9"),
    ("elimu", ("education", "learning", "schooling"), "social", "1.0"),
    ("shule", ("school", "schools", "education"), "social", "0.9"),
    ("afya", ("health", "healthcare", "medical"), "social", "1.0"),
    ("hospitali", ("hospital", "health facility", "clinic"), "social", "1.0"),
    ("ushuru", ("tax", "taxation", "levy", "duty"), "financial", "1.0"),
    ("kodi", ("tax", "rent"), "financial", "0.8"),
    ("bajeti", ("budget", "appropriation"), "financial", "1.0"),
    ("fedha", ("finance", "money", "funds"), "financial", "1.0"),
    ("hazina", ("treasury", "exchequer"), "financial", "1.0"),
    ("deni", ("debt", "loan", "borrowing"), "financial", "1.0"),
    ("ufisadi", ("corruption", "graft", "embezzlement"), "governance", "1.0"),
    ("rushwa", ("bribery", "bribe", "corruption"), "governance", "1.0"),
    ("uwazi", ("transparency", "openness", "disclosure"), "governance", "1.0"),
    ("uwajibikaji", ("accountability", "oversight"), "governance", "1.0"),
    ("ushiriki", ("participation", "public participation", "engagement"), "governance", "0.9"),
    ("kaunti", ("county", "counties", "devolved unit"), "political", "1.0"),
    ("serikali", ("government", "state", "administration"), "political", "1.0"),
    ("mbunge", ("member of parliament", "mp", "legislator"), "political", "1.0"),
    ("seneta", ("senator", "senate"), "political", "1.0"),
    ("gavana", ("governor", "county governor"), "political", "1.0"),
    ("rais", ("president", "presidency"), "political", "1.0"),
    ("uchaguzi", ("election", "elections", "vote"), "political", "1.0"),
    ("wananchi", ("citizens", "public", "people"), "political", "0.9"),
    ("kilimo", ("agriculture", "farming", "crops", "livestock"), "economic", "1.0"),
    ("ardhi", ("land", "land tenure"), "economic", "1.0"),
    ("ajira", ("employment", "jobs", "labour"), "economic", "1.0"),
    ("biashara", ("business", "trade", "commerce"), "economic", "1.0"),
    ("barabara", ("roads", "road", "infrastructure"), "economic", "1.0"),
    ("umeme", ("electricity", "power", "energy"), "economic", "1.0"),
    ("maji", ("water", "water supply", "sanitation"), "social", "1.0"),
    ("nyumba", ("housing", "house", "homes"), "social", "1.0"),
    ("chakula", ("food", "food security"), "social", "1.0"),
    ("mazingira", ("environment", "climate"), "social", "1.0"),
    ("usalama", ("security", "safety", "policing"), "governance", "1.0"),
    # English -> synonyms (and the Kiswahili word)
    ("bill", ("legislation", "act", "law", "statute", "proposal", "mswada"), "legal", "1.0"),
    ("law", ("legislation", "statute", "act", "sheria"), "legal", "1.0"),
    ("constitution", ("katiba", "constitutional"), "legal", "1.0"),
    ("amendment", ("revision", "change", "marekebisho"), "legal", "1.0"),
    ("parliament", ("national assembly", "senate", "legislature", "bunge"), "political", "1.0"),
    ("county", ("devolved unit", "local government", "region", "kaunti"), "political", "0.9"),
    ("government", ("state", "administration", "serikali"), "political", "1.0"),
    ("mp", ("member of parliament", "legislator", "mbunge"), "political", "1.0"),
    ("budget", ("appropriation", "allocation", "funding", "finance", "bajeti"), "financial", "1.0"),
    ("tax", ("taxation", "levy", "duty", "ushuru", "kodi"), "financial", "1.0"),
    ("healthcare", ("health", "medical", "hospital", "clinic", "treatment", "afya"), "social", "1.0"),
    ("education", ("learning", "school", "university", "academic", "student", "elimu"), "social", "1.0"),
    ("agriculture", ("farming", "crops", "livestock", "rural", "food security", "kilimo"), "economic", "1.0"),
    ("infrastructure", ("roads", "transport", "construction", "development"), "economic", "1.0"),
    ("corruption", ("graft", "fraud", "embezzlement", "misappropriation", "ufisadi"), "governance", "1.0"),
    ("graft", ("corruption", "bribery", "embezzlement", "ufisadi"), "governance", "1.0"),
    ("transparency", ("accountability", "openness", "disclosure", "public access", "uwazi"), "governance", "1.0"),
)

TERMS: tuple[str, ...] = tuple(term for term, *_ in SEED)


def upgrade() -> None:
    rows = [
        {"term": term, "synonyms": list(synonyms), "category": category, "weight": Decimal(weight)}
        for term, synonyms, category, weight in SEED
    ]
    op.execute(postgresql.insert(search_synonyms).values(rows).on_conflict_do_nothing(index_elements=["term"]))


def downgrade() -> None:
    seeded = sa.tuple_(
        search_synonyms.c.term, search_synonyms.c.synonyms, search_synonyms.c.category, search_synonyms.c.weight
    )
    values = [
        sa.tuple_(
            sa.literal(term),
            sa.literal(list(synonyms), postgresql.ARRAY(sa.Text)),
            sa.literal(category),
            sa.literal(Decimal(weight), sa.Numeric),
        )
        for term, synonyms, category, weight in SEED
    ]
    op.execute(search_synonyms.delete().where(seeded.in_(values)))
