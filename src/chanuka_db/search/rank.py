"""The ranking formula, in one place (docs/search.md explains it with examples).

Hits are ordered by *match class* first, then by *score*; the reported ``rank`` is
``class + score`` with ``0 <= score < 1``, so it decreases down the list:

====================  =====  ==============================================================
class                 value  meaning
====================  =====  ==============================================================
``bill_number``       5      the query names the bill's number ("NA 12/2024")
``all_words`` (head)  4      every word in the title, number, summary, tags or category
``all_words`` (body)  3      every word, some only in the full text
``corrected``         2      every word of the did-you-mean query
``most_words``        1      all words but one (two, from five words on)
``fuzzy``             0      title similar to the query (pg_trgm word similarity)
====================  =====  ==============================================================

Score of a text match::

    text  = ts_rank_cd(W, vector, literal, 1|32), or when that is 0 (the bill matched through
            synonyms only): SYNONYM_FACTOR * ts_rank_cd(W, vector, synonyms, 1|32)
    score = text * (1 + RECENCY_BOOST * recency + ENGAGEMENT_BOOST * engagement)
            / (1 + RECENCY_BOOST + ENGAGEMENT_BOOST)

``W`` weighs title/number (A) 1.0, summary (B) 0.4, full text (C) 0.2, tags/category (D) 0.1;
normalisation 1 divides by 1 + log(document length), 32 maps to [0, 1). ``recency`` halves every
:data:`RECENCY_HALF_LIFE_DAYS` since the bill's last action; ``engagement`` is
``e / (e + ENGAGEMENT_SCALE)`` of its engagement score. The boosts are modest: together they move a
bill by at most 20 %, so they only reorder bills whose text matches about equally well. Body-tier
hits (words only in the full text) are scored by the boosts alone. Ties: newer introduction date,
then bill number (unique), so the order is deterministic.
"""

from __future__ import annotations

from enum import IntEnum

from psycopg import sql


class MatchClass(IntEnum):
    """Why a hit is in the results; higher classes come first."""

    FUZZY = 0
    MOST_WORDS = 1
    CORRECTED = 2
    BODY = 3
    HEAD = 4
    BILL_NUMBER = 5

    @property
    def label(self) -> str:
        """The ``match`` value shown to callers."""
        return {
            MatchClass.FUZZY: "fuzzy",
            MatchClass.MOST_WORDS: "most_words",
            MatchClass.CORRECTED: "corrected",
            MatchClass.BODY: "all_words",
            MatchClass.HEAD: "all_words",
            MatchClass.BILL_NUMBER: "bill_number",
        }[self]


#: ts_rank_cd weights {D, C, B, A}.
WEIGHTS = (0.1, 0.2, 0.4, 1.0)
#: ts_rank_cd normalisation: 1 (divide by 1 + log(length)) | 32 (rank / (rank + 1)).
NORMALIZATION = 1 | 32
#: A match through a synonym counts this much of a literal match.
SYNONYM_FACTOR = 0.5
RECENCY_BOOST = 0.10
RECENCY_HALF_LIFE_DAYS = 365
ENGAGEMENT_BOOST = 0.10
ENGAGEMENT_SCALE = 100.0
COMMENT_VOTES_SCALE = 10.0
_BOOST_MAX = 1 + RECENCY_BOOST + ENGAGEMENT_BOOST


def rank_params() -> dict[str, object]:
    """The constant parameters the ranking SQL refers to (``%(weights)s``, ``%(norm)s``...)."""
    return {
        "weights": list(WEIGHTS),
        "norm": NORMALIZATION,
        "syn_factor": SYNONYM_FACTOR,
        "recency_boost": RECENCY_BOOST,
        "half_life": float(RECENCY_HALF_LIFE_DAYS),
        "engagement_boost": ENGAGEMENT_BOOST,
        "engagement_scale": ENGAGEMENT_SCALE,
        "votes_scale": COMMENT_VOTES_SCALE,
        "boost_max": _BOOST_MAX,
    }


def literal_rank_sql(vector: sql.Composable) -> sql.Composed:
    """``ts_rank_cd`` of ``vector`` against the literal words (``%(q_lit)s``), normalised to [0, 1)."""
    return sql.SQL("ts_rank_cd(CAST(%(weights)s AS float4[]), {v}, CAST(%(q_lit)s AS tsquery), %(norm)s)").format(
        v=vector
    )


def text_score_sql(vector: sql.Composable, literal_rank: sql.Composable) -> sql.Composed:
    """The text score (0..1): ``literal_rank`` (computed once, by :func:`literal_rank_sql`), or for a
    document without a literal match, :data:`SYNONYM_FACTOR` times its rank against ``%(q_syn)s``.

    The synonym rank is only computed for documents without a literal match (ranking a long OR of
    synonyms costs several times more than the literal words): a document matching the words typed
    is ranked on them alone.
    """
    return sql.SQL(
        "CASE WHEN {lit} > 0 OR CAST(%(q_syn)s AS text) = '' THEN {lit} "
        "ELSE %(syn_factor)s * ts_rank_cd(CAST(%(weights)s AS float4[]), {v}, CAST(%(q_syn)s AS tsquery), %(norm)s) "
        "END"
    ).format(v=vector, lit=literal_rank)


def _boost(recency_date: sql.Composable, engagement: sql.Composable, scale: str) -> sql.Composed:
    return sql.SQL(
        "((1 + %(recency_boost)s * power(0.5, greatest({day}, 0)::float8 / %(half_life)s) "
        "+ %(engagement_boost)s * ({e} / ({e} + %({scale})s))) / %(boost_max)s)"
    ).format(day=recency_date, e=engagement, scale=sql.SQL(scale))


def bill_boost_sql(alias: str = "b") -> sql.Composed:
    """A bill's boost factor, normalised to (0, 1]: recency of its last action, engagement score."""
    a = sql.Identifier(alias)
    age = sql.SQL("(current_date - coalesce({a}.last_action_date, {a}.introduced_date, current_date))").format(a=a)
    engagement = sql.SQL("greatest(coalesce({a}.engagement_score, 0), 0)::float8").format(a=a)
    return _boost(age, engagement, "engagement_scale")


def comment_boost_sql(alias: str = "c") -> sql.Composed:
    """A comment's boost factor (0, 1]: recency and net upvotes."""
    a = sql.Identifier(alias)
    age = sql.SQL("(extract(epoch FROM now() - {a}.created_at) / 86400.0)").format(a=a)
    votes = sql.SQL("greatest({a}.upvote_count - {a}.downvote_count, 0)::float8").format(a=a)
    return _boost(age, votes, "votes_scale")


def rank_value(match: MatchClass, score: float) -> float:
    """The reported rank: the class plus the score clipped into [0, 1)."""
    return round(int(match) + min(max(score, 0.0), 0.999999), 6)
