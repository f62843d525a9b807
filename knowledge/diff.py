"""What changed between two versions: a line diff, with long unchanged stretches folded."""

import difflib
from dataclasses import dataclass

CONTEXT = 2


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "added", "removed" or "fold" (unchanged lines left out)
    text: str
    old: int | None  # line number in the older version
    new: int | None  # line number in the newer version


def lines_diff(older: str, newer: str) -> list[Line]:
    a, b = older.splitlines(), newer.splitlines()
    result: list[Line] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            result.extend(_folded(a, i1, i2, j1))
            continue
        result.extend(Line("removed", a[i], i + 1, None) for i in range(i1, i2))
        result.extend(Line("added", b[j], None, j + 1) for j in range(j1, j2))
    return result


def _folded(a: list[str], i1: int, i2: int, j1: int) -> list[Line]:
    same = [Line("same", a[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)]
    if len(same) <= 2 * CONTEXT + 1:
        return same
    hidden = len(same) - 2 * CONTEXT
    return [*same[:CONTEXT], Line("fold", str(hidden), None, None), *same[-CONTEXT:]]


def has_changes(lines: list[Line]) -> bool:
    return any(line.kind in {"added", "removed"} for line in lines)
