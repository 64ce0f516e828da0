"""Safe, bounded ``<mark>`` snippets from ``ts_headline``.

``ts_headline`` marks matches with two private-use characters (:data:`START`, :data:`STOP`) instead
of tags; the snippet is then HTML-escaped (bill texts and comments may contain ``<script>``) and only
then are the markers turned into ``<mark>`` and ``</mark>``. The visible text is cut at
:data:`MAX_HEADLINE_CHARS` characters without ever splitting a tag or leaving one open.
"""

from __future__ import annotations

import html
import re

START = "\ue000"
STOP = "\ue001"
#: Longest snippet, in visible characters (tags not counted).
MAX_HEADLINE_CHARS = 300
ELLIPSIS = "\u2026"
_MARKERS = re.compile(f"({START}|{STOP})")

#: ts_headline options: two short fragments around the matches, markers instead of tags.
OPTIONS = (
    f'StartSel="{START}", StopSel="{STOP}", MaxWords=28, MinWords=10, ShortWord=2, '
    f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)
#: For short fields (titles, names): the whole text with its matches marked.
OPTIONS_WHOLE = f'StartSel="{START}", StopSel="{STOP}", HighlightAll=true'


def has_mark(raw: str | None) -> bool:
    """True when ``ts_headline`` marked something in ``raw``."""
    return bool(raw) and START in (raw or "")


def render(raw: str | None, *, limit: int = MAX_HEADLINE_CHARS) -> str:
    """Escape ``raw`` and turn the markers into ``<mark>`` tags, at most ``limit`` visible characters."""
    if not raw:
        return ""
    out: list[str] = []
    visible = 0
    marked = False
    cut = False
    for part in _MARKERS.split(" ".join(raw.replace("\x00", "").split())):
        if part == START:
            if not marked:
                out.append("<mark>")
                marked = True
            continue
        if part == STOP:
            if marked:
                out.append("</mark>")
                marked = False
            continue
        shown = part
        if visible + len(part) > limit:
            shown = part[: limit - visible]
            cut = True
        out.append(html.escape(shown, quote=False))
        visible += len(shown)
        if cut:
            break
    if marked:
        out.append("</mark>")
    rendered = "".join(out).strip()
    return rendered + ELLIPSIS if cut else rendered


def plain(text_: str | None, *, limit: int = MAX_HEADLINE_CHARS) -> str:
    """An escaped, bounded excerpt of ``text_`` with no marks (for fuzzy hits)."""
    return render((text_ or "").replace(START, "").replace(STOP, ""), limit=limit)
