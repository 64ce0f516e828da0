"""A realistic, deterministic Kenyan demo dataset, streamed into the database with COPY.

The 47 counties and 290 constituencies, the 13th Parliament's MPs, women representatives and
senators as sponsors, committees with members, parliamentary sessions and sittings, bills across
real policy areas with plausible titles, summaries and multi-part texts, their readings, citizens
with profiles, threaded comments with votes, citizens' votes on bills, 24 months of engagement
events, notifications and expert profiles.

Everything derives from one seed (and the ``as_of`` date the 24 months end at): the same seed gives
the same rows, ids included, and the same per-table checksums. Counters (comment_count, vote counts,
reply_count, upvotes) agree with the rows they count, because the comment tree and the votes are
planned before any row is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import re
import time
import uuid
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import Enum as SAEnum
from sqlalchemy import Table

from chanuka_db.ingest.copy import lift_statement_timeout, load
from chanuka_db.ingest.kenya import COMMENT_OPENERS, COUNTIES, PARTIES, PARTY_WEIGHTS, POLICY_AREAS
from chanuka_db.ingest.text import TextGenerator, vocabulary
from chanuka_db.schema import metadata

Row = dict[str, Any]
Progress = Callable[[str, int, int], None]  # (table, rows done, rows planned)


@dataclass(frozen=True)
class DemoSizes:
    """How much to generate. ``as_of``: the day the 24 months of activity end at."""

    bills: int = 2_000
    users: int = 5_000
    comments: int = 20_000
    seed: int = 42
    events: int | None = None  # default: 2.5 per comment
    as_of: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())

    @property
    def event_count(self) -> int:
        """Engagement events to generate."""
        return self.events if self.events is not None else int(self.comments * 2.5)


@dataclass
class SeedReport:
    """What ``seed`` produced."""

    counts: dict[str, int] = field(default_factory=dict)
    checksums: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    vocabulary_size: int = 0
    top_words_bill_coverage: dict[str, int] = field(default_factory=dict)
    skipped: bool = False


def allowed_values(table: Table, column: str) -> list[str] | None:
    """The values a column accepts, from its enum type or a ``col IN (...)`` CHECK; None if free."""
    col = table.c[column]
    if isinstance(col.type, SAEnum):
        return list(col.type.enums)
    pattern = re.compile(rf'(?<![\w."]){re.escape(column)}"?\s+IN\s*\(([^)]*)\)', re.IGNORECASE)
    for constraint in table.constraints:
        sqltext = getattr(constraint, "sqltext", None)
        m = pattern.search(str(sqltext)) if sqltext is not None else None
        if m:
            return re.findall(r"'([^']*)'", m.group(1))
    return None


class _Checksum:
    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def add(self, row: Row) -> None:
        self._h.update(repr(sorted(row.items())).encode())

    def hexdigest(self) -> str:
        return self._h.hexdigest()


class DemoGenerator:
    """Plans and yields the rows of every demo table, in foreign-key order."""

    def __init__(self, sizes: DemoSizes) -> None:
        from faker import Faker

        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.faker = Faker("en_KE")
        self.faker.seed_instance(sizes.seed)
        self.text = TextGenerator(self.rng, vocabulary())
        self.end = dt.datetime.combine(sizes.as_of, dt.time(12), tzinfo=dt.UTC)
        self.start = self.end - dt.timedelta(days=730)
        self.t = metadata.tables
        self.checksums: dict[str, _Checksum] = {}
        self.doc_words: Counter[str] = Counter()
        self._plan()

    # ------------------------------------------------------------------ helpers
    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _when(self, after: dt.datetime | None = None) -> dt.datetime:
        lo = max(after or self.start, self.start)
        span = max((self.end - lo).total_seconds(), 1.0)
        return lo + dt.timedelta(seconds=self.rng.random() * span)

    def _pick(self, table: str, column: str, preferred: list[str]) -> str | None:
        allowed = allowed_values(self.t[table], column)
        if allowed is None:
            return self.rng.choice(preferred)
        usable = [v for v in preferred if v in allowed] or allowed
        return self.rng.choice(usable)

    def _emit(self, table: str, rows: Iterator[Row]) -> Iterator[Row]:
        check = self.checksums.setdefault(table, _Checksum())
        for row in rows:
            check.add(row)
            yield row

    # ------------------------------------------------------------------ planning
    def _plan(self) -> None:
        rng, s = self.rng, self.sizes
        self.areas = list(POLICY_AREAS)
        self.county_names = list(COUNTIES)
        weights = [
            1.0 + 3.0 * (c == "nairobi") + 0.8 * (c in {"kiambu", "nakuru", "mombasa", "kisumu"})
            for c in self.county_names
        ]
        self.county_weights = weights
        self.user_ids = [self._uuid() for _ in range(s.users)]
        self.user_county = rng.choices(self.county_names, weights, k=s.users)
        self.bill_ids = [self._uuid() for _ in range(s.bills)]
        self.bill_area = [rng.choice(self.areas) for _ in range(s.bills)]
        self.bill_created = sorted(self._when() for _ in range(s.bills))
        # Popularity is skewed: a finance bill in June draws thousands, most bills a handful.
        popularity = [1.0 / (i + 1) ** 0.8 for i in range(s.bills)]
        rng.shuffle(popularity)
        # Cumulative weights once: choices() would otherwise sum the bills' weights again on every call.
        popular = list(itertools.accumulate(popularity))
        self.comment_bill = (
            array("i", rng.choices(range(s.bills), cum_weights=popular, k=s.comments)) if s.bills else array("i")
        )
        self.comment_ids = [self._uuid() for _ in range(s.comments)]
        self.comment_parent = array("i", [-1] * s.comments)
        self.comment_depth = array("b", [0] * s.comments)
        self.reply_count = array("i", [0] * s.comments)
        last_on_bill: dict[int, list[int]] = {}
        for i, b in enumerate(self.comment_bill):
            earlier = last_on_bill.setdefault(b, [])
            if earlier and rng.random() < 0.3:
                parent = rng.choice(earlier[-20:])
                if self.comment_depth[parent] < 5:
                    self.comment_parent[i] = parent
                    self.comment_depth[i] = self.comment_depth[parent] + 1
                    self.reply_count[parent] += 1
            earlier.append(i)
        self.comments_per_bill = Counter(self.comment_bill)
        # Citizens' votes on bills: each user votes on a few bills, at most once per bill.
        self.planned_bill_votes: list[tuple[int, int, str]] = []
        self.bill_for = Counter[int]()
        self.bill_against = Counter[int]()
        if s.bills:
            for u in range(s.users):
                for b in set(rng.choices(range(s.bills), cum_weights=popular, k=rng.randint(0, 4))):
                    choice = rng.choices(("for", "against", "abstain"), (0.45, 0.45, 0.1))[0]
                    self.planned_bill_votes.append((b, u, choice))
                    if choice == "for":
                        self.bill_for[b] += 1
                    elif choice == "against":
                        self.bill_against[b] += 1

    def _comment_votes(self, i: int) -> list[tuple[int, str]]:
        """The votes on comment ``i``: derived from the seed and ``i`` so two passes agree."""
        r = random.Random(self.sizes.seed * 1_000_003 + i)
        n = min(int(r.paretovariate(1.6)) - 1, 40, self.sizes.users)
        voters = r.sample(range(self.sizes.users), n) if n > 0 else []
        return [(u, "upvote" if r.random() < 0.7 else "downvote") for u in voters]

    # ------------------------------------------------------------------ tables
    def sponsors(self) -> Iterator[Row]:
        """MPs (one per constituency), women representatives and senators (one per county each)."""
        rng, f = self.rng, self.faker
        self.sponsor_ids: list[uuid.UUID] = []
        self.senator_ids: list[uuid.UUID] = []
        n = 0
        term_start = dt.date(2022, 9, 8)
        for county, constituencies in COUNTIES.items():
            seats: list[tuple[str | None, str, str]] = [
                (c, "national_assembly", "Member of Parliament") for c in constituencies
            ]
            seats += [(None, "national_assembly", "Woman Representative"), (None, "senate", "Senator")]
            for constituency, chamber, position in seats:
                n += 1
                sid = self._uuid()
                (self.senator_ids if chamber == "senate" else self.sponsor_ids).append(sid)
                first, last = f.first_name(), f.last_name()
                yield {
                    "id": sid,
                    "name": f"Hon. {first} {last}",
                    "party": rng.choices(PARTIES, PARTY_WEIGHTS)[0],
                    "county": county,
                    "constituency": constituency,
                    "chamber": chamber,
                    "mp_number": f"{'SEN' if chamber == 'senate' else 'MP'}-{n:04d}",
                    "position": position,
                    "bio": self.text.paragraph(2, POLICY_AREAS[rng.choice(self.areas)][2]),
                    "email": f"{first}.{last}.{n}@parliament.go.ke".lower().replace(" ", ""),
                    "phone": f"+2547{rng.randint(0, 99_999_999):08d}",
                    "attendance_rate": round(rng.uniform(40, 99), 2),
                    "term_start": term_start,
                    "is_active": True,
                }

    def committees(self) -> Iterator[Row]:
        """One committee per policy area's committee name."""
        self.committee_ids: dict[str, uuid.UUID] = {}
        for area, (_, committee, words, _) in POLICY_AREAS.items():
            if committee in self.committee_ids:
                continue
            cid = self._uuid()
            self.committee_ids[committee] = cid
            chair, vice = self.rng.sample(self.sponsor_ids, 2)
            yield {
                "id": cid,
                "name": committee,
                "chamber": "senate" if committee.startswith("Senate") else "national_assembly",
                "description": f"Oversees {area} legislation and policy.",
                "chair_id": chair,
                "vice_chair_id": vice,
                "members_count": 15,
                "mandate": self.text.sentence(20, words),
                "is_active": True,
            }

    def committee_members(self) -> Iterator[Row]:
        """Fifteen members per committee, chair and vice chair included."""
        for cid in self.committee_ids.values():
            for sid in self.rng.sample(self.sponsor_ids, 15):
                yield {"committee_id": cid, "sponsor_id": sid, "role": "member", "start_date": dt.date(2022, 10, 1)}

    def parliamentary_sessions(self) -> Iterator[Row]:
        """Sessions of the 13th Parliament, one per year and chamber."""
        self.session_ids: list[tuple[uuid.UUID, dt.date, dt.date, str]] = []
        for chamber in ("national_assembly", "senate"):
            for number, year in enumerate(range(self.start.year - 1, self.end.year + 1), start=1):
                sid = self._uuid()
                start, end = dt.date(year, 2, 10), dt.date(year, 12, 5)
                self.session_ids.append((sid, start, end, chamber))
                yield {
                    "id": sid,
                    "session_number": number,
                    "parliament_number": 13,
                    "start_date": start,
                    "end_date": end,
                    "chamber": chamber,
                    "is_active": year == self.end.year,
                    "description": f"Session {number} of the 13th Parliament ({chamber.replace('_', ' ')})",
                }

    def parliamentary_sittings(self) -> Iterator[Row]:
        """Tuesday, Wednesday and Thursday sittings of every session."""
        for sid, start, end, _ in self.session_ids:
            day, n = start, 0
            while day <= min(end, self.end.date()):
                if day.weekday() in (1, 2, 3) and self.rng.random() < 0.8:
                    n += 1
                    yield {
                        "session_id": sid,
                        "sitting_date": day,
                        "sitting_number": n,
                        "agenda": [{"item": self.text.sentence(6)} for _ in range(self.rng.randint(1, 4))],
                        "attendance_count": self.rng.randint(80, 349),
                    }
                day += dt.timedelta(days=1)

    def bills(self) -> Iterator[Row]:
        """Bills with titles, numbers, summaries and multi-part texts across policy areas."""
        rng = self.rng
        statuses = [
            "first_reading",
            "second_reading",
            "committee_stage",
            "report_stage",
            "third_reading",
            "presidential_assent",
            "act_of_parliament",
            "introduced",
            "withdrawn",
            "lapsed",
        ]
        status_weights = [0.2, 0.15, 0.15, 0.08, 0.06, 0.05, 0.12, 0.12, 0.04, 0.03]
        numbers: Counter[tuple[str, int]] = Counter()
        top = set(vocabulary().words[:10])
        self.bill_status: list[str] = []
        for i, bid in enumerate(self.bill_ids):
            area = self.bill_area[i]
            subjects, committee, words_en, words_sw = POLICY_AREAS[area]
            topic = words_en + words_sw
            created = self.bill_created[i]
            chamber = "senate" if rng.random() < 0.2 else "national_assembly"
            sponsor = rng.choice(self.senator_ids if chamber == "senate" else self.sponsor_ids)
            year = created.year
            prefix = "SEN" if chamber == "senate" else "NA"
            numbers[(prefix, year)] += 1
            amendment = rng.random() < 0.55
            subject = rng.choice(subjects)
            title = f"The {subject}{' (Amendment)' if amendment else ''} Bill, {year}"
            status = rng.choices(statuses, status_weights)[0]
            self.bill_status.append(status)
            summary = self.text.paragraph(rng.randint(2, 4), topic)
            full_text = self._bill_text(title, topic, rng.randint(3, 6))
            words = set(full_text.lower().split()) | set(summary.lower().split())
            for w in top & words:
                self.doc_words[w] += 1
            introduced = created.date()
            yield {
                "id": bid,
                "bill_number": f"{prefix} {numbers[(prefix, year)]}/{year}",
                "title": title,
                "summary": summary,
                "full_text": full_text,
                "bill_type": "amendment" if amendment else "public",
                "status": status,
                "introduced_date": introduced,
                "last_action_date": min(introduced + dt.timedelta(days=rng.randint(0, 200)), self.end.date()),
                "chamber": chamber,
                "parliament_session": f"13th Parliament, Session {max(1, year - self.start.year + 1)}",
                "sponsor_id": sponsor,
                "committee": committee,
                "affected_counties": rng.sample(self.county_names, rng.choice((0, 1, 2, 3, 47)) % 48)
                if rng.random() < 0.7
                else None,
                "impact_areas": [area],
                "view_count": self.comments_per_bill[i] * rng.randint(5, 40) + rng.randint(0, 50),
                "comment_count": self.comments_per_bill[i],
                "share_count": rng.randint(0, 20 + self.comments_per_bill[i]),
                "vote_count_for": self.bill_for[i],
                "vote_count_against": self.bill_against[i],
                "engagement_score": round(self.comments_per_bill[i] * 2.5 + self.bill_for[i] + self.bill_against[i], 2),
                "category": area,
                "tags": sorted(set(rng.sample(words_en, 3))),
                "metadata": {"source": "chanuka-demo", "area": area},
                "created_at": created,
                "updated_at": created,
            }

    def _bill_text(self, title: str, topic: tuple[str, ...], parts: int) -> str:
        rng = self.rng
        lines = [
            title.upper(),
            "ARRANGEMENT OF SECTIONS",
            "PART I — PRELIMINARY",
            f"1. Short title. This Act may be cited as {title.replace(' Bill, ', ' Act, ')}.",
            "2. Interpretation. In this Act, unless the context otherwise requires, " + self.text.sentence(18, topic),
        ]
        section = 2
        roman = ["II", "III", "IV", "V", "VI", "VII"]
        for p in range(parts - 1):
            lines.append(f"PART {roman[p]} — {' '.join(self.text.words(3, topic)).upper()}")
            for _ in range(rng.randint(2, 4)):
                section += 1
                lines.append(f"{section}. {self.text.paragraph(rng.randint(2, 4), topic)}")
        lines.append("MEMORANDUM OF OBJECTS AND REASONS")
        lines.append(self.text.paragraph(3, topic))
        return "\n\n".join(lines)

    def bill_readings(self) -> Iterator[Row]:
        """First, second and third readings as far as each bill's status went."""
        reached = {
            "first_reading": 1,
            "second_reading": 2,
            "committee_stage": 2,
            "report_stage": 2,
            "third_reading": 3,
            "presidential_assent": 3,
            "act_of_parliament": 3,
        }
        for i, bid in enumerate(self.bill_ids):
            day = self.bill_created[i].date()
            for n in range(1, reached.get(self.bill_status[i], 0) + 1):
                day = min(day + dt.timedelta(days=self.rng.randint(7, 60)), self.end.date())
                votes = n == 3
                yield {
                    "bill_id": bid,
                    "reading_number": n,
                    "reading_date": day,
                    "reading_stage": self._pick(
                        "bill_readings", "reading_stage", [("first_reading", "second_reading", "third_reading")[n - 1]]
                    ),
                    "outcome": self._pick("bill_readings", "outcome", ["passed"]),
                    "votes_for": self.rng.randint(120, 250) if votes else None,
                    "votes_against": self.rng.randint(20, 110) if votes else None,
                    "votes_abstain": self.rng.randint(0, 10) if votes else None,
                    "debate_summary": self.text.paragraph(2),
                }

    def users(self) -> Iterator[Row]:
        """Citizens, with a few moderators, admins, experts and ambassadors."""
        roles = ["citizen", "expert", "moderator", "admin", "ambassador", "organizer"]
        role_w = [0.93, 0.03, 0.015, 0.005, 0.015, 0.005]
        self.user_role = []
        for i, uid in enumerate(self.user_ids):
            role = self.rng.choices(roles, role_w)[0] if i else "admin"
            self.user_role.append(role)
            yield {
                "id": uid,
                "email": f"user{i}.{uid.hex[:6]}@example.ke",
                "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$" + uid.hex,
                "role": role,
                "county": self.user_county[i],
                "is_verified": self.rng.random() < 0.8,
                "created_at": self._when(),
                "last_login_at": self._when(),
                "is_active": True,
            }

    def user_profiles(self) -> Iterator[Row]:
        """One profile per user: Kenyan names, E.164 phone numbers, language and consent."""
        f, rng = self.faker, self.rng
        for i, uid in enumerate(self.user_ids):
            first, last = f.first_name(), f.last_name()
            constituencies = COUNTIES[self.user_county[i]]
            yield {
                "user_id": uid,
                "first_name": first,
                "last_name": last,
                "display_name": f"{first} {last[0]}.",
                "county": self.user_county[i],
                "constituency": rng.choice(constituencies),
                "phone_number": f"+2547{rng.randint(0, 99_999_999):08d}",
                "phone_verified": rng.random() < 0.6,
                "preferred_language": "sw" if rng.random() < 0.35 else "en",
                "sms_notifications_consent": rng.random() < 0.5,
            }

    def comments(self) -> Iterator[Row]:
        """Threaded comments in English and Kiswahili; counters match the planned tree and votes."""
        rng = self.rng
        positions = ["support", "oppose", "neutral"]
        for i, cid in enumerate(self.comment_ids):
            b = self.comment_bill[i]
            u = rng.randrange(self.sizes.users)
            area = self.bill_area[b]
            words = POLICY_AREAS[area][2] + POLICY_AREAS[area][3]
            parent = self.comment_parent[i]
            votes = self._comment_votes(i)
            up = sum(1 for _, v in votes if v == "upvote")
            created = self._when(self.bill_created[b])
            yield {
                "id": cid,
                "bill_id": self.bill_ids[b],
                "user_id": self.user_ids[u],
                "comment_text": f"{rng.choice(COMMENT_OPENERS)} {self.text.paragraph(rng.randint(1, 3), words)}",
                "parent_comment_id": self.comment_ids[parent] if parent >= 0 else None,
                "thread_depth": self.comment_depth[i],
                "position": self._pick("comments", "position", positions),
                "moderation_status": "approved" if rng.random() < 0.9 else "pending",
                "upvote_count": up,
                "downvote_count": len(votes) - up,
                "reply_count": self.reply_count[i],
                "user_county": self.user_county[u],
                "created_at": created,
                "updated_at": created,
            }

    def comment_votes(self) -> Iterator[Row]:
        """Up and down votes, one per user per comment."""
        for i, cid in enumerate(self.comment_ids):
            for u, vote in self._comment_votes(i):
                yield {"comment_id": cid, "user_id": self.user_ids[u], "vote_type": vote}

    def bill_votes(self) -> Iterator[Row]:
        """Citizens' votes on bills, one per user per bill."""
        for b, u, choice in self.planned_bill_votes:
            yield {
                "bill_id": self.bill_ids[b],
                "user_id": self.user_ids[u],
                "vote_type": choice,
                "user_county": self.user_county[u],
            }

    def expert_profiles(self) -> Iterator[Row]:
        """Profiles for users with the expert role."""
        for i, uid in enumerate(self.user_ids):
            if self.user_role[i] != "expert":
                continue
            areas = self.rng.sample(self.areas, 2)
            yield {
                "user_id": uid,
                "expertise_domains": areas,
                "years_of_experience": self.rng.randint(3, 35),
                "organization": self.faker.company(),
                "professional_bio": self.text.paragraph(2, POLICY_AREAS[areas[0]][2]),
                "verification_status": self.rng.choice(["pending", "verified", "verified"]),
            }

    def notifications(self) -> Iterator[Row]:
        """Replies and bill updates, about two per user."""
        for i, cid in enumerate(self.comment_ids):
            parent = self.comment_parent[i]
            if parent < 0:
                continue
            yield {
                "user_id": self.user_ids[self.rng.randrange(self.sizes.users)],
                "notification_type": "comment_reply",
                "title": "New reply to your comment",
                "message": self.text.sentence(12),
                "related_bill_id": self.bill_ids[self.comment_bill[i]],
                "related_comment_id": cid,
                "is_read": self.rng.random() < 0.5,
                "created_at": self._when(),
            }

    def engagement_events(self) -> Iterator[Row]:
        """Views, comments, votes and shares spread over the 24 months before ``as_of``."""
        rng = self.rng
        kinds = ["view", "view", "view", "share", "comment", "vote", "track"]
        for _ in range(self.sizes.event_count):
            b = rng.randrange(self.sizes.bills) if self.sizes.bills else 0
            yield {
                "event_type": rng.choice(kinds),
                "entity_type": "bill",
                "entity_id": self.bill_ids[b] if self.sizes.bills else self._uuid(),
                "user_id": self.user_ids[rng.randrange(self.sizes.users)] if rng.random() < 0.7 else None,
                "session_id": f"s-{rng.getrandbits(48):012x}",
                "engagement_duration": rng.randint(1, 900),
                "event_metadata": {"device": rng.choice(["android", "web", "ussd", "ios"])},
                "created_at": self._when(),
            }

    def tables(self) -> list[tuple[str, Callable[[], Iterator[Row]], int]]:
        """(table, row generator, planned row count) in load order."""
        s = self.sizes
        n_sponsors = sum(len(c) + 2 for c in COUNTIES.values())
        plan: list[tuple[str, Callable[[], Iterator[Row]], int]] = [
            ("sponsors", self.sponsors, n_sponsors),
            ("committees", self.committees, len({v[1] for v in POLICY_AREAS.values()})),
            ("committee_members", self.committee_members, 15 * len({v[1] for v in POLICY_AREAS.values()})),
            ("parliamentary_sessions", self.parliamentary_sessions, 0),
            ("parliamentary_sittings", self.parliamentary_sittings, 0),
            ("bills", self.bills, s.bills),
            ("bill_readings", self.bill_readings, 0),
            ("users", self.users, s.users),
            ("user_profiles", self.user_profiles, s.users),
            ("expert_profiles", self.expert_profiles, 0),
            ("comments", self.comments, s.comments),
            ("comment_votes", self.comment_votes, 0),
            ("bill_votes", self.bill_votes, len(self.planned_bill_votes)),
            ("notifications", self.notifications, 0),
            ("engagement_events", self.engagement_events, s.event_count),
        ]
        return [(t, gen, n) for t, gen, n in plan if t in self.t]

    def rows(self, table: str, make: Callable[[], Iterator[Row]]) -> Iterator[Row]:
        """The rows of ``table``, checksummed as they stream."""
        return self._emit(table, make())


DEMO_TABLES = (
    "engagement_events",
    "notifications",
    "bill_votes",
    "comment_votes",
    "comments",
    "expert_profiles",
    "user_profiles",
    "users",
    "bill_readings",
    "bills",
    "parliamentary_sittings",
    "parliamentary_sessions",
    "committee_members",
    "committees",
    "sponsors",
)


def seed(
    conn: psycopg.Connection[Any],
    sizes: DemoSizes,
    *,
    replace: bool = False,
    progress: Progress | None = None,
) -> SeedReport:
    """Generate the demo dataset and load it in one transaction.

    A database that already holds bills is left as it is (``skipped``) unless ``replace`` is set,
    in which case the demo tables are emptied first (in the same transaction).
    """
    started = time.perf_counter()
    has_bills = conn.execute("SELECT EXISTS (SELECT 1 FROM bills)").fetchone()
    if has_bills and has_bills[0] and not replace:
        report = SeedReport(skipped=True)
        for table in DEMO_TABLES:
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - constant names
            report.counts[table] = int(row[0]) if row else 0
        conn.rollback()
        return report
    gen = DemoGenerator(sizes)
    report = SeedReport(vocabulary_size=len(gen.text.vocab))
    with conn.transaction():
        lift_statement_timeout(conn)
        if replace:
            conn.execute("TRUNCATE " + ", ".join(DEMO_TABLES) + " CASCADE")
        for table, make, planned in gen.tables():
            cb = None
            if progress is not None:
                cb = _progress_for(progress, table, planned)
            result = load(conn, metadata.tables[table], gen.rows(table, make), progress=cb, progress_every=2_000)
            report.counts[table] = result.rows
            report.checksums[table] = gen.checksums[table].hexdigest() if table in gen.checksums else ""
    report.top_words_bill_coverage = {w: gen.doc_words.get(w, 0) for w in vocabulary().words[:10]}
    report.seconds = time.perf_counter() - started
    return report


def _progress_for(progress: Progress, table: str, planned: int) -> Callable[[int], None]:
    return lambda n: progress(table, n, planned)


def generate_checksums(sizes: DemoSizes) -> dict[str, str]:
    """Per-table checksums of the rows ``sizes`` generates, without a database (for determinism checks)."""
    gen = DemoGenerator(sizes)
    for table, make, _ in gen.tables():
        for _ in gen.rows(table, make):
            pass
    return {t: c.hexdigest() for t, c in gen.checksums.items()}
