"""Checksums of revision files and the committed ``migrations/checksums`` file (like Atlas's atlas.sum).

A revision's checksum is the sha256 of its file after normalisation (line endings to ``\\n``,
trailing whitespace removed from every line, trailing blank lines removed), so a change of editor
or platform does not count as a change, while any real edit does.

The checksum file lists one line per revision, oldest first, and a total over those lines::

    # chanuka-db migration checksums: written by `chanuka-db generate` / `chanuka-db checksums --write`.
    total sha256:<hex>
    <revision> <file name> sha256:<hex>

Two branches that each add a revision both change the ``total`` line and append after the same
line, so git reports a conflict instead of one revision being skipped silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from chanuka_db.errors import MigrationError

HEADER = "# chanuka-db migration checksums: written by `chanuka-db generate` / `chanuka-db checksums --write`."


def normalise(text: str) -> str:
    """``text`` with ``\\n`` line endings, no trailing whitespace and exactly one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def text_sha256(text: str) -> str:
    """The hex sha256 of normalised ``text``."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def file_sha256(path: Path | str) -> str:
    """The hex sha256 of the normalised content of the file at ``path``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MigrationError(f"cannot read revision file {path}: {exc.strerror or exc}") from None
    return text_sha256(raw.decode("utf-8", errors="surrogateescape"))


@dataclass(frozen=True)
class Entry:
    """One revision line of the checksum file."""

    revision: str
    filename: str
    sha256: str

    def line(self) -> str:
        """The line as written in the file."""
        return f"{self.revision} {self.filename} sha256:{self.sha256}"


def total(entries: list[Entry]) -> str:
    """The hex sha256 over every entry line, in order."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(entry.line().encode("utf-8") + b"\n")
    return digest.hexdigest()


def render(entries: list[Entry]) -> str:
    """The full text of a checksum file for ``entries`` (oldest revision first)."""
    lines = [HEADER, f"total sha256:{total(entries)}", *(e.line() for e in entries)]
    return "\n".join(lines) + "\n"


@dataclass
class ChecksumFile:
    """A parsed checksum file."""

    total: str | None
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse(text: str, where: str = "checksums") -> ChecksumFile:
    """Parse the text of a checksum file; malformed lines become ``problems``."""
    result = ChecksumFile(total=None)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if parts[0] == "total" and len(parts) == 2 and parts[1].startswith("sha256:"):
            result.total = parts[1].removeprefix("sha256:")
        elif len(parts) == 3 and parts[2].startswith("sha256:"):
            result.entries.append(Entry(parts[0], parts[1], parts[2].removeprefix("sha256:")))
        else:
            result.problems.append(f"{where}:{number}: cannot parse {line!r}")
    if result.total is None:
        result.problems.append(f"{where}: no 'total sha256:...' line")
    return result


def read(path: Path) -> ChecksumFile | None:
    """The checksum file at ``path``, or None when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise MigrationError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse(text, path.name)


def compare(expected: list[Entry], committed: ChecksumFile | None, path: Path) -> list[str]:
    """Differences between the revision files (``expected``) and the committed checksum file."""
    fix = "run `chanuka-db checksums --write` after reviewing the change"
    if committed is None:
        return [f"{path.name} is missing; {fix}"]
    problems = list(committed.problems)
    have = {e.revision: e for e in committed.entries}
    want = {e.revision: e for e in expected}
    for entry in expected:
        old = have.get(entry.revision)
        if old is None:
            problems.append(f"revision {entry.revision} ({entry.filename}) is not in {path.name}; {fix}")
        elif old.sha256 != entry.sha256:
            problems.append(f"{entry.filename} does not match its checksum in {path.name}; {fix}")
    for entry in committed.entries:
        if entry.revision not in want:
            problems.append(f"{path.name} lists revision {entry.revision} ({entry.filename}) but no file defines it")
    if not problems and committed.total != total(expected):
        problems.append(f"the total in {path.name} does not match (order or a hand edit); {fix}")
    return problems
