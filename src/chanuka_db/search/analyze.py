"""From a parsed query to tsqueries: lexemes in both configurations, synonyms, fallbacks.

One round trip (:func:`analyze`) asks PostgreSQL for the lexemes of every unit in
``chanuka_english`` and ``chanuka_simple`` (``phraseto_tsquery`` for the exact form,
``plainto_tsquery`` for the relaxed one), for the synonyms of every unit and of every two- and
three-word run of the query in both directions (``term -> synonyms`` and ``synonym -> term``), for
how many documents hold each word (``search_vocabulary``) and for the number of bills. The
tsqueries are assembled here from PostgreSQL's own output, so what the user typed never reaches
the tsquery parser.

Each :class:`Variant` (the words as typed; the words or their synonyms) has:

- ``head``: every clause must match (phrases exact) and no excluded unit; used on the small
  ``search_head`` vectors, where phrases and exclusions are cheap to check;
- ``body``: the same with phrases relaxed to all-their-words and without exclusions: the form the
  GIN index on the full ``search_vector`` answers exactly, without reading any vector;
- ``phrase``: ``head`` without exclusions, checked on full vectors only for the few body-tier
  candidates of a phrase query;
- ``most_head`` / ``most_body``: the most-words fallback: all clauses but one (but two from five
  clauses on) must match;
- ``estimate``: how many bills probably match (vocabulary counts, clauses taken as independent).

``literal`` / ``synonyms`` (every literal form / every synonym ORed) rank: a document matching
only through synonyms ranks below one with the words typed (:mod:`.rank`).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from psycopg import sql
from sqlalchemy.orm import Session

from chanuka_db.search.common import fetch
from chanuka_db.search.query import ParsedQuery, Unit

#: Synonyms used per matched term (highest weight first).
MAX_EXPANSIONS = 6
#: Longest run of query words looked up as one synonym key ("national assembly", "ushiriki wa umma").
MAX_NGRAM = 3
#: The most-words fallback enumerates clause combinations; only the first clauses take part.
MAX_MOST_WORDS_CLAUSES = 6

_ANALYZE_SQL = sql.SQL(
    """
    WITH previous AS MATERIALIZED (
        SELECT name, value, current_setting(name, true) AS before
        FROM unnest(CAST(%(set_names)s AS text[]), CAST(%(set_values)s AS text[])) AS s(name, value)
    ), applied AS MATERIALIZED (
        SELECT name, before, set_config(name, value, true) AS now FROM previous
    ), units AS (
        SELECT ord, txt FROM unnest(CAST(%(units)s AS text[])) WITH ORDINALITY AS u(txt, ord)
    ), keys AS (
        SELECT ord, key FROM unnest(CAST(%(keys)s AS text[])) WITH ORDINALITY AS k(key, ord)
    ), expansions AS (
        SELECT k.ord, x.expansion, s.weight
        FROM keys k
        JOIN search_synonyms s ON s.term = k.key
        CROSS JOIN LATERAL unnest(s.synonyms) AS x(expansion)
        UNION ALL
        SELECT k.ord, s.term, s.weight
        FROM keys k
        JOIN search_synonyms s ON s.synonyms @> ARRAY[k.key]
    )
    SELECT 'unit' AS kind, ord, txt, 1.0::float8 AS weight,
           phraseto_tsquery('chanuka_english', txt)::text AS en,
           phraseto_tsquery('chanuka_simple', txt)::text AS simple,
           plainto_tsquery('chanuka_english', txt)::text AS en_plain,
           plainto_tsquery('chanuka_simple', txt)::text AS simple_plain,
           (SELECT min(v.ndoc) FROM search_vocabulary v
            WHERE v.word = ANY(tsvector_to_array(to_tsvector('chanuka_simple', txt)))) AS ndoc
    FROM units
    UNION ALL
    SELECT 'synonym', ord, expansion, weight::float8,
           phraseto_tsquery('chanuka_english', expansion)::text,
           phraseto_tsquery('chanuka_simple', expansion)::text,
           plainto_tsquery('chanuka_english', expansion)::text,
           plainto_tsquery('chanuka_simple', expansion)::text,
           (SELECT min(v.ndoc) FROM search_vocabulary v
            WHERE v.word = ANY(tsvector_to_array(to_tsvector('chanuka_simple', expansion))))
    FROM expansions
    UNION ALL
    SELECT 'documents', 1, '', greatest(c.reltuples, 0)::float8, '', '', '', '', 0
    FROM pg_class c WHERE c.oid = to_regclass('bills')
    UNION ALL
    SELECT 'setting', 1, name, 0.0::float8, coalesce(before, ''), '', '', '', 0 FROM applied
    """
)


def synonym_key(value: str) -> str:
    """How a term is looked up in ``search_synonyms``: lower case, accents removed, single spaces."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def or_(parts: list[str]) -> str:
    """``( a ) | ( b )`` of the non-empty, distinct parts ('' when none)."""
    unique = list(dict.fromkeys(p for p in parts if p))
    if not unique:
        return ""
    if len(unique) == 1:
        return unique[0]
    return "(" + " | ".join(f"( {p} )" for p in unique) + ")"


def and_(parts: list[str]) -> str:
    """``( a ) & ( b )`` of the non-empty parts ('' when none)."""
    kept = [p for p in parts if p]
    if not kept:
        return ""
    if len(kept) == 1:
        return kept[0]
    return "(" + " & ".join(f"( {p} )" for p in kept) + ")"


@dataclass(frozen=True)
class Forms:
    """A tsquery in its exact form (phrases as phrases) and relaxed form (phrases as all-words)."""

    exact: str = ""
    relaxed: str = ""

    def __bool__(self) -> bool:
        return bool(self.exact)


def _or_forms(parts: list[Forms]) -> Forms:
    return Forms(or_([p.exact for p in parts]), or_([p.relaxed for p in parts]))


def _and_forms(parts: list[Forms]) -> Forms:
    return Forms(and_([p.exact for p in parts]), and_([p.relaxed for p in parts]))


@dataclass(frozen=True)
class Variant:
    """The tsqueries of one way of matching (the words as typed, or with their synonyms)."""

    head: str = ""
    body: str = ""
    phrase: str = ""
    most_head: str = ""
    most_body: str = ""
    has_phrase: bool = False
    #: Upper estimate of the bills whose title, summary, tags or category match (from the vocabulary's
    #: document counts, clauses taken as independent; 0 when unknown): decides how candidates are gathered.
    estimate: int = 0


@dataclass(frozen=True)
class Analysis:
    """The tsqueries of one search (empty strings when there is nothing to match).

    ``typed`` matches the words as typed (both configurations); ``expanded`` also through their
    synonyms. The search tries ``typed`` first and ``expanded`` when the typed words do not fill a
    page (a common word needs no synonyms, and matching a long OR of them costs).
    """

    typed: Variant = field(default_factory=Variant)
    expanded: Variant = field(default_factory=Variant)
    excluded: str = ""
    literal: str = ""
    synonyms: str = ""
    clauses: int = 0
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: The planner's count of bills (``pg_class.reltuples``), to turn an estimate into a share.
    documents: float = 0.0
    #: Planner settings applied by :func:`analyze` (transaction-local) and their previous values.
    settings_applied: bool = False
    previous: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when no clause has a searchable lexeme (stop words only, punctuation...)."""
        return not self.typed.head

    @property
    def has_synonyms(self) -> bool:
        """True when some word has synonyms (the expanded variant differs from the typed one)."""
        return bool(self.synonyms)

    @property
    def can_relax(self) -> bool:
        """True when the most-words fallback differs from the all-words query."""
        return self.clauses >= 2 and bool(self.expanded.most_head)

    @property
    def highlight(self) -> str:
        """Everything worth marking in a snippet: literal forms and synonyms."""
        return or_([self.literal, self.synonyms])

    def variant(self, *, expanded: bool) -> Variant:
        """The typed or the expanded variant."""
        return self.expanded if expanded else self.typed


def _estimate(counts: list[int], documents: float) -> int:
    """Bills probably matching every clause: the clauses' document counts taken as independent."""
    if not counts:
        return 0
    if documents <= 0 or len(counts) == 1:
        return min(counts)
    share = 1.0
    for n in counts:
        share *= min(n / documents, 1.0)
    return round(share * documents)


def _ngram_keys(parsed: ParsedQuery) -> list[tuple[int, int, str]]:
    """(first clause, last clause, key) for runs of 2..MAX_NGRAM single-word clauses."""
    clauses = parsed.clauses
    out: list[tuple[int, int, str]] = []
    for i in range(len(clauses)):
        for n in range(2, MAX_NGRAM + 1):
            j = i + n - 1
            if j >= len(clauses):
                break
            run = clauses[i : j + 1]
            if any(len(c.units) != 1 or c.units[0].phrase for c in run):
                break
            out.append((i, j, synonym_key(" ".join(c.units[0].text for c in run))))
    return out


def analyze(session: Session, parsed: ParsedQuery, *, settings: Mapping[str, str] | None = None) -> Analysis:
    """Build the tsqueries of ``parsed`` (one round trip; none when there is no text to search).

    ``settings`` (planner settings) are applied, transaction-local, in the same round trip; their
    previous values are in :attr:`Analysis.previous`, for the caller to restore.
    """
    if not parsed.clauses:
        return Analysis()
    positive: list[Unit] = list(parsed.positive_units)
    units = positive + list(parsed.excluded)
    ngrams = _ngram_keys(parsed)
    keys = [synonym_key(u.text) for u in positive] + [k for _, _, k in ngrams]
    wanted = dict(settings or {})
    params = {"units": [u.text for u in units], "keys": keys, "set_names": list(wanted),
              "set_values": list(wanted.values())}  # fmt: skip
    rows = fetch(session, _ANALYZE_SQL, params)

    literal_of: dict[int, Forms] = {}
    expansions_of: dict[int, list[tuple[float, str, Forms]]] = {}
    ndoc_of: dict[int, int] = {}
    expansion_ndoc: dict[int, int] = {}
    documents = 0.0
    previous: dict[str, str] = {}
    for kind, ord_, txt, weight, en, simple, en_plain, simple_plain, ndoc in rows:
        index = int(ord_) - 1
        if kind == "documents":
            documents = float(weight or 0)
            continue
        if kind == "setting":
            if en:
                previous[str(txt)] = str(en)
            continue
        forms = Forms(or_([en or "", simple or ""]), or_([en_plain or "", simple_plain or ""]))
        if kind == "unit":
            literal_of[index] = forms
            ndoc_of[index] = int(ndoc or 0)
        elif forms:
            expansions_of.setdefault(index, []).append((float(weight or 0), str(txt), forms))
            expansion_ndoc[index] = expansion_ndoc.get(index, 0) + int(ndoc or 0)

    def synonyms_for(key_index: int) -> tuple[Forms, tuple[str, ...]]:
        found = sorted(expansions_of.get(key_index, []), key=lambda e: (-e[0], e[1]))
        chosen: dict[str, Forms] = {}
        for _, word, forms in found:
            if word not in chosen:
                chosen[word] = forms
            if len(chosen) >= MAX_EXPANSIONS:
                break
        return _or_forms(list(chosen.values())), tuple(chosen)

    literals: list[Forms] = []
    synonyms: list[Forms] = []
    expansions: dict[str, tuple[str, ...]] = {}
    clause_forms: list[Forms] = []
    typed_forms: list[Forms] = []
    clause_ndoc: list[int] = []
    typed_ndoc: list[int] = []
    k = 0
    for clause in parsed.clauses:
        alternatives: list[Forms] = []
        typed: list[Forms] = []
        clause_ndoc.append(0)
        typed_ndoc.append(0)
        for unit in clause.units:
            lit = literal_of.get(k, Forms())
            syn, words = synonyms_for(k)
            clause_ndoc[-1] += ndoc_of.get(k, 0) + (expansion_ndoc.get(k, 0) if syn else 0)
            typed_ndoc[-1] += ndoc_of.get(k, 0)
            k += 1
            literals.append(lit)
            synonyms.append(syn)
            if words:
                expansions[unit.text] = words
            alternatives.append(_or_forms([lit, syn]))
            typed.append(lit)
        clause_forms.append(_or_forms(alternatives))
        typed_forms.append(_or_forms(typed))

    # A run of words that is itself a synonym key ("national assembly") also matches through its synonyms.
    for n_index, (first, last, key) in enumerate(ngrams):
        syn, words = synonyms_for(len(positive) + n_index)
        if not syn:
            continue
        clause_forms[first] = _or_forms([_and_forms(clause_forms[first : last + 1]), syn])
        for j in range(first + 1, last + 1):
            clause_forms[j] = Forms()
        synonyms.append(syn)
        expansions[key] = words

    if not any(typed_forms):
        return Analysis(previous=previous, settings_applied=bool(wanted))
    excluded = or_([literal_of.get(i, Forms()).exact for i in range(len(positive), len(units))])
    return Analysis(
        typed=_variant(typed_forms, typed_ndoc, excluded, documents),
        expanded=_variant(clause_forms, clause_ndoc, excluded, documents),
        excluded=excluded,
        literal=or_([f.exact for f in literals]),
        synonyms=or_([f.exact for f in synonyms]),
        clauses=sum(1 for c in typed_forms if c),
        expansions=expansions,
        documents=documents,
        previous=previous,
        settings_applied=bool(wanted),
    )


def _variant(clause_forms: list[Forms], clause_ndoc: list[int], excluded: str, documents: float) -> Variant:
    kept = [c for c in clause_forms if c]
    if not kept:
        return Variant()
    counts = [n for c, n in zip(clause_forms, clause_ndoc, strict=True) if c]
    negation = [f"!( {excluded} )"] if excluded else []
    all_words = _and_forms(kept)
    most = Forms()
    if len(kept) >= 2:
        use = kept[:MAX_MOST_WORDS_CLAUSES]
        need = len(use) - 1 if len(use) <= 4 else len(use) - 2
        most = _or_forms([_and_forms(list(c)) for c in itertools.combinations(use, need)])
    return Variant(
        head=and_([all_words.exact, *negation]),
        body=all_words.relaxed,
        phrase=all_words.exact,
        most_head=and_([most.exact, *negation]) if most else "",
        most_body=most.relaxed,
        has_phrase=all_words.exact != all_words.relaxed,
        estimate=_estimate(counts, documents),
    )
