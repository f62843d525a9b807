"""Opening hours as data: the parser, and "open now" on a controlled clock in Stockholm time
(winter UTC+1, summer UTC+2)."""

from datetime import UTC, datetime, time

import pytest

from directory.hours import MIDNIGHT, Period, is_open, next_opening, opening_hours_parse
from tests.directory.world import stockholm

WEEKDAYS_8_1630 = [Period(day, time(8), time(16, 30)) for day in range(5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mån–fre 8–16.30", WEEKDAYS_8_1630),
        ("mån-fre 08:00-16:30", WEEKDAYS_8_1630),
        ("Måndag–fredag 8.00–16.30", WEEKDAYS_8_1630),
        ("Vardagar 8–16.30, helger stängt", WEEKDAYS_8_1630),
        ("Mon–Fri 8–16.30", WEEKDAYS_8_1630),
        ("lör 10–14", [Period(5, time(10), time(14))]),
        ("Mån 8–12 och 13–16", [Period(0, time(8), time(12)), Period(0, time(13), time(16))]),
        ("sön 22–06", [Period(0, MIDNIGHT, time(6)), Period(6, time(22), MIDNIGHT)]),
        ("fre–mån 10–12", [Period(d, time(10), time(12)) for d in (0, 4, 5, 6)]),
        ("tis 8–24", [Period(1, time(8), MIDNIGHT)]),
    ],
)
def test_texts_staff_write_are_understood(text: str, expected: list[Period]) -> None:
    assert opening_hours_parse(text) == sorted(expected)


def test_around_the_clock() -> None:
    for text in ("Dygnet runt", "dygnet runt", "24/7", "Alla dagar dygnet runt"):
        periods = opening_hours_parse(text)
        assert periods is not None and len(periods) == 7, text
        assert all(p.opens == MIDNIGHT and p.closes == MIDNIGHT for p in periods)


@pytest.mark.parametrize(
    "text", ["", "Ring oss", "Mån–fre 8–16.30 utom helgdagar", "mån 25–26", "mån 8–8", "xyz 8–16", "mån 8.75–9",
             "mån 8–12, 13–16", "mån 8–14 och 12–16", "mån–fre"],
)  # fmt: skip
def test_texts_not_understood_give_nothing_rather_than_a_guess(text: str) -> None:
    assert opening_hours_parse(text) is None


def test_open_now_follows_stockholm_time_in_winter_and_summer() -> None:
    # Wednesday 3 December 2026: Stockholm is UTC+1.
    assert is_open(WEEKDAYS_8_1630, datetime(2026, 12, 2, 15, 20, tzinfo=UTC))  # 16:20 local
    assert not is_open(WEEKDAYS_8_1630, datetime(2026, 12, 2, 15, 40, tzinfo=UTC))  # 16:40 local
    # Wednesday 1 July 2026: UTC+2; 14:20 UTC is 16:20 local, 14:40 UTC is 16:40.
    assert is_open(WEEKDAYS_8_1630, datetime(2026, 7, 1, 14, 20, tzinfo=UTC))
    assert not is_open(WEEKDAYS_8_1630, datetime(2026, 7, 1, 14, 40, tzinfo=UTC))
    assert not is_open(WEEKDAYS_8_1630, stockholm(2026, 12, 2, 7, 59))
    assert is_open(WEEKDAYS_8_1630, stockholm(2026, 12, 2, 8, 0))
    assert not is_open(WEEKDAYS_8_1630, stockholm(2026, 12, 5, 12, 0))  # a Saturday


def test_midnight_closing_and_around_the_clock() -> None:
    late = opening_hours_parse("sön 22–06") or []
    assert is_open(late, stockholm(2026, 12, 6, 23, 59))  # Sunday night
    assert is_open(late, stockholm(2026, 12, 7, 5, 59))  # Monday early
    assert not is_open(late, stockholm(2026, 12, 7, 6, 0))
    always = opening_hours_parse("Dygnet runt") or []
    assert all(is_open(always, stockholm(2026, 12, day, hour)) for day in range(1, 8) for hour in (0, 3, 12, 23))


def test_next_opening() -> None:
    friday_evening = stockholm(2026, 12, 4, 17, 0)
    assert next_opening(WEEKDAYS_8_1630, friday_evening) == stockholm(2026, 12, 7, 8, 0)
    assert next_opening(WEEKDAYS_8_1630, stockholm(2026, 12, 2, 7, 0)) == stockholm(2026, 12, 2, 8, 0)
    assert next_opening([], friday_evening) is None
