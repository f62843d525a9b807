"""Opening hours as data: the free text on a unit ("Mån–fre 8–16.30, lör 10–14", "Dygnet runt")
parsed into weekly periods, so the guide can say whether a unit is open now.

The text stays what staff write and read (organisations.Unit.opening_hours); the periods are
derived from it whenever it changes (directory.signals). A text the parser does not understand
gives no periods, and the guide then shows the text alone and says nothing about "open now":
a wrong "open" would send someone to a closed door.
"""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MIDNIGHT = time(0, 0)
DAYS = 7

# Swedish and English day names, by their first letters (mån, måndag, mon, monday, ...).
_DAY_NAMES = {
    "mån": 0, "mon": 0, "tis": 1, "tue": 1, "ons": 2, "wed": 2, "tor": 3, "thu": 3,
    "fre": 4, "fri": 4, "lör": 5, "sat": 5, "sön": 6, "sun": 6,
}  # fmt: skip
_DAY_GROUPS = {
    "vardagar": range(0, 5), "weekdays": range(0, 5), "helger": range(5, 7), "weekends": range(5, 7),
    "alla dagar": range(0, 7), "every day": range(0, 7), "daily": range(0, 7),
}  # fmt: skip
_ALWAYS = re.compile(r"^(dygnet runt|24/7|alltid öppet|always open|open 24 hours)$")
_CLOSED = re.compile(r"^(stängt|closed)$")
_DASH = r"\s*[-–—]\s*"
_TIME = r"(\d{1,2})(?:[.:](\d{2}))?"
_RANGE = re.compile(rf"^{_TIME}{_DASH}{_TIME}$")
_DAY = r"([a-zåäö]{3})[a-zåäö]*\.?"


@dataclass(frozen=True, order=True)
class Period:
    """Open on ``weekday`` (0 = Monday) from ``opens`` until ``closes`` (00:00 = midnight)."""

    weekday: int
    opens: time
    closes: time

    def contains(self, moment: time) -> bool:
        return self.opens <= moment and (self.closes == MIDNIGHT or moment < self.closes)


def _days(spec: str) -> list[int] | None:
    spec = spec.strip().rstrip(":")
    if spec in _DAY_GROUPS:
        return list(_DAY_GROUPS[spec])
    match = re.fullmatch(rf"{_DAY}(?:{_DASH}{_DAY})?", spec)
    if not match or match.group(1) not in _DAY_NAMES:
        return None
    first = _DAY_NAMES[match.group(1)]
    if match.group(2) is None:
        return [first]
    if match.group(2) not in _DAY_NAMES:
        return None
    last = _DAY_NAMES[match.group(2)]
    return [(first + step) % DAYS for step in range((last - first) % DAYS + 1)]


def _clock(hours: str, minutes: str | None) -> time | None:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return MIDNIGHT
    if h > 23 or m > 59:
        return None
    return time(h, m)


def _periods_for(days: list[int], times: str) -> list[Period] | None:
    times = times.strip()
    if _ALWAYS.match(times):
        return [Period(day, MIDNIGHT, MIDNIGHT) for day in days]
    if _CLOSED.match(times):
        return []
    periods = []
    for part in re.split(r"\s+(?:och|and|&)\s+|\s*\+\s*", times):
        match = _RANGE.match(part.strip())
        if not match:
            return None
        opens, closes = _clock(match.group(1), match.group(2)), _clock(match.group(3), match.group(4))
        if opens is None or closes is None or opens == closes and opens != MIDNIGHT:
            return None
        for day in days:
            if closes == MIDNIGHT or opens < closes:
                periods.append(Period(day, opens, closes))
            else:  # past midnight ("22–06"): the rest of the day, then the next morning
                periods.append(Period(day, opens, MIDNIGHT))
                periods.append(Period((day + 1) % DAYS, MIDNIGHT, closes))
    return periods


def opening_hours_parse(text: str) -> list[Period] | None:
    """The weekly periods the text describes, or None if any part of it is not understood.

    Parts are separated by commas or semicolons: "mån–fre 8–16.30; lör 10–14 och 18–20",
    "Vardagar 08:00-17:00, helger stängt", "Dygnet runt", "mån-fre dygnet runt"."""
    text = " ".join(text.lower().split())
    if not text:
        return None
    if _ALWAYS.match(text):
        return [Period(day, MIDNIGHT, MIDNIGHT) for day in range(DAYS)]
    periods: list[Period] = []
    for part in re.split(r"\s*[,;]\s*", text):
        match = re.match(rf"^((?:alla dagar|every day|{_DAY}(?:{_DASH}{_DAY})?)):?\s+(?P<times>.+)$", part)
        if not match:
            return None
        days = _days(match.group(1))
        found = _periods_for(days, match.group("times")) if days is not None else None
        if found is None:
            return None
        periods.extend(found)
    ordered = sorted(set(periods))
    for before, after in zip(ordered, ordered[1:], strict=False):
        # Overlapping periods on one day mean the text says two things: better unknown than wrong.
        if before.weekday == after.weekday and (before.closes == MIDNIGHT or after.opens < before.closes):
            return None
    return ordered


def is_open(periods: list[Period], moment: datetime) -> bool:
    local = moment.astimezone(STOCKHOLM)
    return any(p.weekday == local.weekday() and p.contains(local.time()) for p in periods)


def next_opening(periods: list[Period], moment: datetime) -> datetime | None:
    """When the unit next opens after ``moment`` (in Stockholm time), within a week; None if never."""
    local = moment.astimezone(STOCKHOLM)
    for offset in range(DAYS + 1):
        day = (local + timedelta(days=offset)).date()
        for period in sorted(p for p in periods if p.weekday == day.weekday()):
            start = datetime.combine(day, period.opens, tzinfo=STOCKHOLM)
            if start > local:
                return start
    return None
