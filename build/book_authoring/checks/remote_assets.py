"""Remote assets: nothing on a page loads from another host."""

from __future__ import annotations

import re

from .book import Problem, page_path
from .links import REFERENCE
from .page import line_at, prose, read_front_matter

_REMOTE = r"(?:https?:)?//[^\s\"'<>)]+"
_REMOTE_TAG = re.compile(
    r"<(?P<tag>img|script|link|iframe|video|audio|source|track|embed|object)\b[^>]*?"
    r"\b(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?P<url>" + _REMOTE + ")",
    re.I | re.S,
)
_REMOTE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?(?P<url>" + _REMOTE + ")")
_REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\[(?P<ref>[^\]\n]*)\]")


def check_remote_assets(name: str, text: str) -> list[Problem]:
    """Nothing on a page loads from another host: the site serves every file itself.
    (Plain links to other sites are fine: the reader chooses to follow them.)"""
    path = page_path(name)
    front = read_front_matter(name, text)
    masked = prose(text, front.end)
    advice = "the book serves every file itself: put it in content/assets/ and link it relatively"
    problems = [
        Problem(
            path,
            line_at(masked, m.start()),
            f"remote asset: <{m.group('tag').lower()}> loads {m.group('url')}; {advice}",
        )
        for m in _REMOTE_TAG.finditer(masked)
    ]
    problems += [
        Problem(path, line_at(masked, m.start()), f"remote image {m.group('url')}; {advice}")
        for m in _REMOTE_IMAGE.finditer(masked)
    ]
    definitions = {
        m.group("ref").lower(): m.group("url").strip("<>") for m in REFERENCE.finditer(masked)
    }
    for match in _REFERENCE_IMAGE.finditer(masked):
        url = definitions.get((match.group("ref") or match.group("alt")).lower(), "")
        if re.match(_REMOTE, url):
            problems.append(
                Problem(path, line_at(masked, match.start()), f"remote image {url}; {advice}")
            )
    return problems
