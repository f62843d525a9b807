"""Words for search: lower case, accents kept (å, ä, ö are letters of their own in Swedish)."""

import re

from knowledge.models import TERM_MAX

MIN_LENGTH = 2
MAX_QUERY_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The distinct words of a text, in the order they first appear."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        word = word.strip("_")[:TERM_MAX]
        if len(word) >= MIN_LENGTH and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)


def query_terms(query: str) -> list[str]:
    return words(query)[:MAX_QUERY_TERMS]
