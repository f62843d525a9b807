"""Shared by the screening tests: definitions straight from the repository's files, and answers
that add up to a chosen total."""

import json
from pathlib import Path

from screening.definition import Definition, parse

INSTRUMENTS = Path(__file__).resolve().parents[2] / "screening" / "instruments"


def raw(code: str) -> dict:
    return json.loads((INSTRUMENTS / f"{code}.json").read_text(encoding="utf-8"))


def definition(code: str) -> Definition:
    return parse(raw(code))


def answers_for(code: str, total: int) -> list[int]:
    """Valid answers (every item answered) whose points add up to `total`. Item 1 gets a point
    first whenever the total is above 0 (so no skip rule applies), then the items from the last
    take the largest option that fits (items 9-10 of AUDIT only have 0, 2 and 4), and what is left
    goes to item 1."""
    items = definition(code).items
    chosen = [0] * len(items)
    left = total
    if left > 0:
        chosen[0], left = 1, left - 1
    for index in range(len(items) - 1, 0, -1):
        chosen[index] = max(p for p in items[index].points if p <= left)
        left -= chosen[index]
    if left:
        chosen[0] += left
    assert chosen[0] in items[0].points and sum(chosen) == total, f"{code}: cannot make {total}"
    return chosen
