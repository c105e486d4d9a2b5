"""A source's title as a reader should see it, without the page chrome a saved web page brings along.

Saved articles often carry the site's menu as their title ("Trang chủ Hữu nghị Bốn phương kết
bạn"), a trailing separator ("… |") or a file name ("001_f398834f10d77592"). The stored title is
kept as it came (it is evidence); this only chooses what to show.
"""

from __future__ import annotations

import re

CHROME = re.compile(r"^(trang chủ|home)\b", re.IGNORECASE)
FILE_NAME = re.compile(r"^[\w-]*\d[\w-]*$")
TIMESTAMP = re.compile(r"\d{1,2}:\d{2}|GMT|^\d{1,2}/\d{1,2}/\d{4}")
SITE_PREFIX = re.compile(r"^\([\w.-]+\)\s*[-–—]\s*")
LONGEST = 24  # words: a headline, not a paragraph


def _trimmed(title: str) -> str:
    return re.sub(r"[\s|/–—-]+$", "", title.strip())


def _looks_like_chrome(title: str) -> bool:
    return not title or bool(CHROME.match(title)) or bool(FILE_NAME.match(title)) or len(title.split()) < 3


def display_title(title: str, text: str) -> str:
    """The stored title when it reads as one; else the article's headline, else its first words."""
    shown = _trimmed(title)
    if not _looks_like_chrome(shown):
        return shown
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # The headline comes before the body: stop at the first paragraph (a byline after it is no title).
    for line in lines[:8]:
        words = line.split()
        if len(words) > LONGEST:
            break
        if CHROME.match(line) or TIMESTAMP.search(line) or len(words) < 5:
            continue
        return _trimmed(line)
    first = SITE_PREFIX.sub("", lines[0]) if lines else ""
    words = first.split()
    if words:
        return " ".join(words[:14]) + ("…" if len(words) > 14 else "")
    return shown
