"""Realistic text for demo and benchmark data: a large vocabulary with Zipf-distributed frequencies.

Lorem ipsum makes search benchmarks lie: with a tiny vocabulary every word is in a third of the
documents. Here the background vocabulary is the ~60,000 commonest English word forms (from the
``wordfreq`` package's frequency lists), ranked as in real usage, with Kiswahili words and the
statute book's terms placed among them, sampled with a Zipf law (exponent 1.07). Each document
also draws from its policy area's topic words, so queries like "coffee" or "ushuru" find the bills
a citizen would expect.
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chanuka_db.ingest.kenya import LEGAL_TERMS, POLICY_AREAS, SWAHILI_COMMON

ZIPF_EXPONENT = 1.07
BACKGROUND_WORDS = 60_000
_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$|^[ai]$")


@dataclass(frozen=True)
class Vocabulary:
    """Words by rank with cumulative Zipf weights for fast sampling."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.words)

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """``k`` words drawn with Zipf frequencies."""
        total = self.cum_weights[-1]
        words, cum = self.words, self.cum_weights
        hi = len(words) - 1
        return [words[min(bisect.bisect(cum, rng.random() * total), hi)] for _ in range(k)]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The background vocabulary (built once per process; ~0.2 s)."""
    from wordfreq import top_n_list

    english = [w for w in top_n_list("en", BACKGROUND_WORDS + 15_000) if _WORD.match(w)][:BACKGROUND_WORDS]
    seen = set(english)
    extra = [w for w in itertools.chain(SWAHILI_COMMON, LEGAL_TERMS) if w not in seen and " " not in w]
    for area in POLICY_AREAS.values():
        extra.extend(w for w in itertools.chain(area[2], area[3]) if w not in seen and " " not in w)
    extra = list(dict.fromkeys(extra))
    # Deterministic placement of the domain words between rank 200 and 8,000: common enough to
    # matter, rare enough to discriminate.
    rng = random.Random(1963)
    words = list(english)
    for word in extra:
        words.insert(rng.randint(200, 8_000), word)
    weights = list(itertools.accumulate(1.0 / (rank**ZIPF_EXPONENT) for rank in range(1, len(words) + 1)))
    return Vocabulary(tuple(words), tuple(weights))


class TextGenerator:
    """Sentences and paragraphs mixing Zipf background words with a topic's words."""

    def __init__(self, rng: random.Random, vocab: Vocabulary | None = None) -> None:
        self.rng = rng
        self.vocab = vocab or vocabulary()

    def words(self, n: int, topic: Sequence[str] = (), topic_share: float = 0.12) -> list[str]:
        """``n`` words, about ``topic_share`` of them from ``topic``."""
        rng = self.rng
        out = self.vocab.sample(rng, n)
        if topic:
            for i in range(n):
                if rng.random() < topic_share:
                    out[i] = rng.choice(topic)
        return out

    def sentence(self, n: int, topic: Sequence[str] = ()) -> str:
        """One capitalised sentence of ``n`` words."""
        words = self.words(n, topic)
        text = " ".join(words)
        return text[:1].upper() + text[1:] + "."

    def paragraph(self, sentences: int, topic: Sequence[str] = ()) -> str:
        """A paragraph of ``sentences`` sentences of 8 to 24 words."""
        return " ".join(self.sentence(self.rng.randint(8, 24), topic) for _ in range(sentences))
