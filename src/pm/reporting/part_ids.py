"""Ids kept unique on a bilingual HTML page.

A bilingual page holds the same report twice, once per language, so every id a template or
chart writes (`row-PM18`, `h-QS1`, a chart's `t-PM18-title`) would appear twice, breaking
in-page links, `aria-labelledby` and the HTML's validity. Each part's ids get its language
as a suffix (`row-PM18-cy`), and every reference to one of them inside the part follows,
so a council's own template needs nothing special to be bilingual.
"""

from __future__ import annotations

import re

_ID = re.compile(r'(\sid=")([^"]+)(")')
_LISTS = re.compile(
    r'(\s(?:aria-labelledby|aria-describedby|aria-controls|for|headers)=")([^"]*)(")'
)
_LINK = re.compile(r'(href="#)([^"]+)(")')
_URL = re.compile(r"(url\(#)([^)\s]+)(\))")


def with_language_ids(html: str, lang: str) -> str:
    """`html` (one part, already escaped, so a `"` is only ever an attribute's quote) with
    each id it defines suffixed `-<lang>`, and the references to those ids with it."""
    own = set(match.group(2) for match in _ID.finditer(html))
    if not own:
        return html

    def one(name: str) -> str:
        return f"{name}-{lang}" if name in own else name

    def whole(match: re.Match[str]) -> str:
        return match.group(1) + one(match.group(2)) + match.group(3)

    def listed(match: re.Match[str]) -> str:
        names = " ".join(one(name) for name in match.group(2).split())
        return match.group(1) + names + match.group(3)

    html = _ID.sub(whole, html)
    html = _LISTS.sub(listed, html)
    html = _LINK.sub(whole, html)
    return _URL.sub(whole, html)
