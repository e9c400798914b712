"""Plain text from the `detail` fields of the standards API, which may hold HTML and escaped entities."""

from __future__ import annotations

import html
import re

__all__ = ["clean_detail"]

# Only entities closed by ";": html.unescape alone would also turn "&not" or "&copy" inside plain words
# into symbols, and the published text has "H&S", "R&D" and "T&RS".
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# A tag must start with a letter, so "fewer than <5" or "a < b > c" stay as written.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_LINE_BREAKING_TAGS = frozenset(
    {"br", "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
)
_SPACES = re.compile(r"[^\S\n]+")
_UNICODE_SPACES = str.maketrans({"\xa0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""})


def _unescape(text: str) -> str:
    # Loop so that double-escaped HTML ("&amp;lt;p&amp;gt;", "&amp;nbsp;") comes out whole.
    for _ in range(3):
        unescaped = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _replace_tag(match: re.Match) -> str:
    return "\n" if match.group(1).lower() in _LINE_BREAKING_TAGS else ""


def clean_detail(raw: str) -> str:
    """The published ``raw`` text as plain text for people to read.

    Unescapes entities (also double-escaped ones and ``&nbsp;``), removes HTML tags (block tags and
    ``<br>`` become line breaks), turns runs of spaces and tabs into one space and drops blank lines.
    Line breaks between non-blank lines are kept: some statements are lists, one item a line.
    """
    text = _unescape(raw or "")
    text = _COMMENT.sub("", text)
    text = _TAG.sub(_replace_tag, text)
    text = text.translate(_UNICODE_SPACES).replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
