"""An instrument's definition: the JSON kept in InstrumentVersion.definition (and in
screening/instruments/*.json), read into typed, immutable objects and checked as a whole.

Everything that decides a result is data here (items, options and their points, skip rules,
subscales, cut-offs by sex and age band, zones and the advice that follows), so an administrator
can correct a value in a new version without a release. `parse` refuses a definition that could
score ambiguously: every error names where it is.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

FORMAT = 1
LANGUAGES = ("sv", "en")
SEXES = ("female", "male")
ADVICE_CODES = ("none", "brief_advice", "further_assessment", "refer")
CODE_CHARACTERS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class DefinitionError(ValueError):
    """The definition is not usable; `problems` says where and why (English: for administrators)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "sv").startswith("en") else self.sv

    def as_dict(self) -> dict[str, str]:
        return {"sv": self.sv, "en": self.en}


@dataclass(frozen=True)
class Option:
    points: int
    text: Text


@dataclass(frozen=True)
class Item:
    number: int  # 1-based, as printed on the form
    text: Text
    options: tuple[Option, ...]

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(option.points for option in self.options)


@dataclass(frozen=True)
class SkipRule:
    """If `item` is answered with `points`, the items in `skip` are not asked and score 0."""

    item: int
    points: int
    skip: tuple[int, ...]
    text: Text


@dataclass(frozen=True)
class Subscale:
    code: str
    label: Text
    items: tuple[int, ...]


@dataclass(frozen=True)
class Zone:
    code: str
    label: Text
    positive: bool
    advice: str  # one of ADVICE_CODES
    self_test: Text  # the public self-test's kind words for this zone


@dataclass(frozen=True)
class Band:
    """Cut-offs for one sex (None: either) and age range (None: any age, also when it is not given)."""

    sex: str | None
    age_min: int | None
    age_max: int | None
    starts: tuple[tuple[str, int], ...]  # (zone code, lowest total of that zone), ascending

    @property
    def has_age(self) -> bool:
        return self.age_min is not None

    def covers(self, sex: str, age: int | None) -> bool:
        if self.sex is not None and self.sex != sex:
            return False
        if not self.has_age:
            return True
        return age is not None and self.age_min <= age <= self.age_max  # type: ignore[operator]

    def specificity(self) -> int:
        return (2 if self.has_age else 0) + (1 if self.sex else 0)

    def zone_code(self, total: int) -> str:
        code = self.starts[0][0]
        for zone, start in self.starts:
            if total >= start:
                code = zone
        return code


@dataclass(frozen=True)
class Definition:
    code: str
    version: str
    name: Text
    short_name: str
    topic: str
    source: str
    copyright: str
    loinc_panel: str | None
    loinc_total: str | None
    age_min: int
    age_max: int
    intro: Text
    items: tuple[Item, ...]
    skip_rules: tuple[SkipRule, ...]
    subscales: tuple[Subscale, ...]
    zones: tuple[Zone, ...]
    bands: tuple[Band, ...]
    advice: Mapping[str, Text]
    notes: Text | None

    @property
    def max_total(self) -> int:
        return sum(max(item.points) for item in self.items)

    def zone(self, code: str) -> Zone:
        return next(zone for zone in self.zones if zone.code == code)

    def band(self, sex: str, age: int | None) -> Band:
        """The most specific band for this sex and age (parse proved there is exactly one)."""
        candidates = [band for band in self.bands if band.covers(sex, age)]
        return max(candidates, key=Band.specificity)

    @property
    def depends_on_sex(self) -> bool:
        return any(band.sex is not None for band in self.bands)

    @property
    def has_age_bands(self) -> bool:
        return any(band.has_age for band in self.bands)


# --- Reading and checking ----------------------------------------------------------------------


class _Reader:
    """Collects every problem instead of stopping at the first (an administrator fixes them all at once)."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(self, data: Any, key: str, kind: type | tuple[type, ...], where: str, *, optional: bool = False) -> Any:
        if not isinstance(data, dict) or key not in data or data[key] is None:
            if not optional:
                self.fail(f"{where}.{key}", "missing")
            return None
        value = data[key]
        # bool is an int in Python; a points value of true is not a number of points.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            self.fail(f"{where}.{key}", f"must be {_kind_name(kind)}")
            return None
        return value

    def text(self, data: Any, key: str, where: str, *, optional: bool = False) -> Text | None:
        value = self.get(data, key, dict, where, optional=optional)
        if value is None:
            return None
        parts = {}
        for language in LANGUAGES:
            part = value.get(language)
            if not isinstance(part, str) or not part.strip():
                self.fail(f"{where}.{key}.{language}", "missing text")
            parts[language] = part if isinstance(part, str) else ""
        return Text(**parts)

    def number(self, data: Any, key: str, where: str, *, minimum: int = 0) -> int | None:
        value = self.get(data, key, int, where)
        if value is not None and value < minimum:
            self.fail(f"{where}.{key}", f"must be at least {minimum}")
            return None
        return value


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {dict: "an object", list: "a list", str: "a string", int: "a whole number", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def parse(data: Any) -> Definition:
    """The definition as objects, or DefinitionError listing every problem."""
    r = _Reader()
    if not isinstance(data, dict):
        raise DefinitionError(["definition: must be a JSON object"])
    if data.get("format") != FORMAT:
        r.fail("format", f"must be {FORMAT}")
    code = r.get(data, "code", str, "definition") or ""
    if code and (not set(code) <= CODE_CHARACTERS or len(code) > 30):
        r.fail("code", "lower-case letters, digits and dashes, at most 30")
    version = r.get(data, "version", str, "definition") or ""
    if version and (len(version) > 40 or not version.strip()):
        r.fail("version", "1 to 40 characters")
    option_sets = _option_sets(r, data)
    items = _items(r, data, option_sets)
    numbers = {item.number for item in items}
    skip_rules = _skip_rules(r, data, items)
    subscales = _subscales(r, data, numbers)
    advice = _advice(r, data)
    zones = _zones(r, data, advice)
    age = r.get(data, "age", dict, "definition") or {}
    age_min = r.number(age, "min", "age")
    age_max = r.number(age, "max", "age")
    if age_min is not None and age_max is not None and age_min > age_max:
        r.fail("age", "min is above max")
    max_total = sum(max(item.points) for item in items if item.points)
    bands = _bands(r, data, zones, max_total)
    loinc = r.get(data, "loinc", dict, "definition") or {}
    definition = Definition(
        code=code,
        version=version,
        name=r.text(data, "name", "definition") or Text("", ""),
        short_name=r.get(data, "short_name", str, "definition") or "",
        topic=r.get(data, "topic", str, "definition") or "",
        source=r.get(data, "source", str, "definition") or "",
        copyright=r.get(data, "copyright", str, "definition") or "",
        loinc_panel=r.get(loinc, "panel", str, "loinc", optional=True),
        loinc_total=r.get(loinc, "total", str, "loinc", optional=True),
        age_min=age_min or 0,
        age_max=age_max or 0,
        intro=r.text(data, "intro", "definition") or Text("", ""),
        items=items,
        skip_rules=skip_rules,
        subscales=subscales,
        zones=zones,
        bands=bands,
        advice=advice,
        notes=r.text(data, "notes", "definition", optional=True),
    )
    if not r.problems and bands:
        _check_bands_cover(r, definition)
    if r.problems:
        raise DefinitionError(r.problems)
    return definition


def _option_sets(r: _Reader, data: dict) -> dict[str, tuple[Option, ...]]:
    sets = r.get(data, "option_sets", dict, "definition") or {}
    parsed = {}
    for name, options in sets.items():
        where = f"option_sets.{name}"
        if not isinstance(options, list) or len(options) < 2:
            r.fail(where, "must list at least two options")
            continue
        read = []
        for index, option in enumerate(options):
            points = r.number(option, "points", f"{where}[{index}]")
            text = r.text(option, "text", f"{where}[{index}]")
            if points is not None and text is not None:
                read.append(Option(points, text))
        points_seen = [option.points for option in read]
        if len(set(points_seen)) != len(points_seen):
            r.fail(where, "two options give the same points")
        parsed[name] = tuple(read)
    return parsed


def _items(r: _Reader, data: dict, option_sets: dict[str, tuple[Option, ...]]) -> tuple[Item, ...]:
    items = r.get(data, "items", list, "definition") or []
    if not items:
        r.fail("items", "at least one item")
    parsed = []
    for index, item in enumerate(items):
        where = f"items[{index}]"
        number = r.number(item, "number", where, minimum=1)
        if number is not None and number != index + 1:
            r.fail(f"{where}.number", f"must be {index + 1} (items are numbered in order from 1)")
        set_name = r.get(item, "options", str, where)
        if set_name is not None and set_name not in option_sets:
            r.fail(f"{where}.options", f"no option set named {set_name!r}")
        text = r.text(item, "text", where)
        if number is not None and text is not None and set_name in option_sets:
            parsed.append(Item(number, text, option_sets[set_name]))
    return tuple(parsed)


def _item_numbers(r: _Reader, value: Any, where: str, numbers: set[int]) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        r.fail(where, "must list item numbers")
        return ()
    if any(isinstance(n, bool) or n not in numbers for n in value) or len(set(value)) != len(value):
        r.fail(where, "must list existing item numbers, each once")
        return ()
    return tuple(value)


def _skip_rules(r: _Reader, data: dict, items: tuple[Item, ...]) -> tuple[SkipRule, ...]:
    by_number = {item.number: item for item in items}
    rules = r.get(data, "skip_rules", list, "definition") or []
    parsed = []
    for index, rule in enumerate(rules):
        where = f"skip_rules[{index}]"
        item = r.number(rule, "item", where, minimum=1)
        points = r.number(rule, "points", where)
        skip = _item_numbers(r, rule.get("skip") if isinstance(rule, dict) else None, f"{where}.skip", set(by_number))
        text = r.text(rule, "text", where)
        if item is None or points is None or text is None or not skip:
            continue
        if item not in by_number or points not in by_number[item].points:
            r.fail(where, "must name an item and one of its options' points")
        elif any(n <= item for n in skip):
            r.fail(f"{where}.skip", "may only skip items after the deciding one")
        elif any(0 not in by_number[n].points for n in skip):
            r.fail(f"{where}.skip", "a skipped item scores 0, so it must have a 0-point option")
        else:
            parsed.append(SkipRule(item, points, skip, text))
    return tuple(parsed)


def _subscales(r: _Reader, data: dict, numbers: set[int]) -> tuple[Subscale, ...]:
    subscales = r.get(data, "subscales", list, "definition")
    parsed = []
    for index, subscale in enumerate(subscales or []):
        where = f"subscales[{index}]"
        code = r.get(subscale, "code", str, where)
        label = r.text(subscale, "label", where)
        listed = subscale.get("items") if isinstance(subscale, dict) else None
        members = _item_numbers(r, listed, f"{where}.items", numbers)
        if code and label and members:
            parsed.append(Subscale(code, label, members))
    if len({s.code for s in parsed}) != len(parsed):
        r.fail("subscales", "two subscales have the same code")
    return tuple(parsed)


def _advice(r: _Reader, data: dict) -> dict[str, Text]:
    advice = r.get(data, "advice", dict, "definition") or {}
    parsed = {}
    for code in advice:
        if code not in ADVICE_CODES:
            r.fail(f"advice.{code}", f"must be one of {', '.join(ADVICE_CODES)}")
            continue
        text = r.text(advice, code, "advice")
        if text is not None:
            parsed[code] = text
    return parsed


def _zones(r: _Reader, data: dict, advice: Mapping[str, Text]) -> tuple[Zone, ...]:
    zones = r.get(data, "zones", list, "definition") or []
    parsed = []
    for index, zone in enumerate(zones):
        where = f"zones[{index}]"
        code = r.get(zone, "code", str, where)
        label = r.text(zone, "label", where)
        positive = r.get(zone, "positive", bool, where)
        zone_advice = r.get(zone, "advice", str, where)
        self_test = r.text(zone, "self_test", where)
        if zone_advice is not None and zone_advice not in advice:
            r.fail(f"{where}.advice", f"no advice named {zone_advice!r}")
        if code and label and positive is not None and zone_advice in advice and self_test:
            parsed.append(Zone(code, label, positive, zone_advice, self_test))
    if len({z.code for z in parsed}) != len(parsed):
        r.fail("zones", "two zones have the same code")
    if len(parsed) < 2:
        r.fail("zones", "at least two zones")
    return tuple(parsed)


def _bands(r: _Reader, data: dict, zones: tuple[Zone, ...], max_total: int) -> tuple[Band, ...]:
    order = [zone.code for zone in zones]
    bands = r.get(data, "cutoffs", list, "definition") or []
    parsed = []
    for index, band in enumerate(bands):
        where = f"cutoffs[{index}]"
        if not isinstance(band, dict):
            r.fail(where, "must be an object")
            continue
        sex = band.get("sex")
        if sex is not None and sex not in SEXES:
            r.fail(f"{where}.sex", "must be female, male or null")
            continue
        age = band.get("age")
        if age is not None and not (
            isinstance(age, list) and len(age) == 2 and all(type(a) is int for a in age) and age[0] <= age[1]
        ):
            r.fail(f"{where}.age", "must be [lowest, highest] in years")
            continue
        starts = band.get("zones")
        # Read in the zones' order: a JSON object's key order is not kept (PostgreSQL's jsonb sorts keys).
        if not isinstance(starts, dict) or set(starts) != set(order):
            r.fail(f"{where}.zones", f"must give the lowest total of every zone: {', '.join(order)}")
            continue
        values = [starts[code] for code in order]
        if any(type(v) is not int for v in values) or values[0] != 0:
            r.fail(f"{where}.zones", "the first zone starts at 0; every start is a whole number")
        elif any(b <= a for a, b in zip(values, values[1:], strict=False)) or values[-1] > max_total:
            r.fail(f"{where}.zones", f"starts must rise and stay within the maximum total {max_total}")
        else:
            ordered = tuple((code, starts[code]) for code in order)
            parsed.append(Band(sex, age[0] if age else None, age[1] if age else None, ordered))
    if not parsed and not r.problems:
        r.fail("cutoffs", "at least one band")
    return tuple(parsed)


def _check_bands_cover(r: _Reader, definition: Definition) -> None:
    """Every sex and every age in range (and no age) finds exactly one most specific band."""
    for sex in SEXES:
        for age in [None, *range(definition.age_min, definition.age_max + 1)]:
            said = age if age is not None else "not given"
            candidates = [band for band in definition.bands if band.covers(sex, age)]
            if not candidates:
                r.fail("cutoffs", f"no band for sex {sex}, age {said}")
                return
            best = max(band.specificity() for band in candidates)
            if sum(1 for band in candidates if band.specificity() == best) > 1:
                r.fail("cutoffs", f"two bands apply equally to sex {sex}, age {said}")
                return
