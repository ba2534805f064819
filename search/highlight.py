"""Marking the searched words in a hit: the text is escaped piece by piece and only our own <mark>
tags are added, so a title like `<script>` shows as text, never as markup."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET = 160  # characters of a body shown under a hit


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)  # the longest first: "stage hand" over "stage"
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def highlight(text: str, words: list[str]) -> SafeString:
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out: list[str] = []
    at = 0
    for match in pattern.finditer(text):
        out.append(escape(text[at : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # nosec B308 B703 # every piece above is escaped


def snippet(body: str, words: list[str]) -> str:
    """The body's first line with a searched word (else its first line), cut to SNIPPET around it."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not lines:
        return ""
    pattern = _pattern(words)
    line = next((line for line in lines if pattern and pattern.search(line)), lines[0])
    if len(line) <= SNIPPET:
        return line
    found = pattern.search(line) if pattern else None
    start = max(0, (found.start() if found else 0) - SNIPPET // 3)
    cut = line[start : start + SNIPPET]
    return ("…" if start else "") + cut + ("…" if start + SNIPPET < len(line) else "")
