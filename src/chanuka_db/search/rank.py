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
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
#: ts_rank_cd normalisation: 1 (divide by 1 + log(length)) | 32 (rank / (rank + 1)).
NORMALIZATION = 1 | 32
#: A match through a synonym counts this much of a literal match.
SYNONYM_FACTOR = 0.5
RECENCY_BOOST = 0.10
RECENCY_HALF_LIFE_DAYS = 365
ENGAGEMENT_BOOST = 0.10
ENGAGEMENT_SCALE = 100.0
_BOOST_MAX = 1 + RECENCY_BOOST + ENGAGEMENT_BOOST


def text_score_sql(vector: str) -> str:
    """SQL for the normalised text score of ``vector`` against ``:q_lit`` and ``:q_syn`` (0..1).

    The synonym rank is only computed for documents without a literal match (ranking a long OR of
    synonyms costs several times more than the literal words): a document matching the words typed
    is ranked on them alone.
    """
    lit = f"ts_rank_cd(CAST('{WEIGHTS}' AS float4[]), {vector}, CAST(:q_lit AS tsquery), {NORMALIZATION})"
    syn = f"ts_rank_cd(CAST('{WEIGHTS}' AS float4[]), {vector}, CAST(:q_syn AS tsquery), {NORMALIZATION})"
    return (
        f"(SELECT CASE WHEN r.lit > 0 OR CAST(:q_syn AS text) = '' THEN r.lit ELSE {SYNONYM_FACTOR} * ({syn}) END "
        f"FROM (SELECT {lit} AS lit) r)"
    )


def bill_boost_sql(alias: str = "b") -> str:
    """SQL for a bill's boost factor, normalised to (0, 1]: recency and engagement."""
    age = f"greatest(current_date - coalesce({alias}.last_action_date, {alias}.introduced_date, current_date), 0)"
    recency = f"power(0.5, ({age})::float8 / {RECENCY_HALF_LIFE_DAYS})"
    e = f"greatest(coalesce({alias}.engagement_score, 0), 0)::float8"
    engagement = f"({e} / ({e} + {ENGAGEMENT_SCALE}))"
    return f"((1 + {RECENCY_BOOST} * {recency} + {ENGAGEMENT_BOOST} * {engagement}) / {_BOOST_MAX})"


def comment_boost_sql(alias: str = "c") -> str:
    """SQL for a comment's boost factor (0, 1]: recency and net upvotes."""
    age = f"greatest(extract(epoch FROM now() - {alias}.created_at) / 86400.0, 0)"
    recency = f"power(0.5, ({age})::float8 / {RECENCY_HALF_LIFE_DAYS})"
    votes = f"greatest({alias}.upvote_count - {alias}.downvote_count, 0)::float8"
    engagement = f"({votes} / ({votes} + 10.0))"
    return f"((1 + {RECENCY_BOOST} * {recency} + {ENGAGEMENT_BOOST} * {engagement}) / {_BOOST_MAX})"


def rank_value(match: MatchClass, score: float) -> float:
    """The reported rank: the class plus the score clipped into [0, 1)."""
    return round(int(match) + min(max(score, 0.0), 0.999999), 6)
