"""Sections of the unit page contributed by capabilities (issue 12 §5: what the unit offers under
which agreement comes from agreements/, which organisations must not import).

A capability registers in its AppConfig.ready() a template and a function that returns the
template's context for the unit, or None when it has nothing to show; it must answer in a fixed
number of queries:

    from organisations import unit_sections
    unit_sections.register("offers", template="agreements/unit_offers.html", context=offers, order=10)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int


@dataclass(frozen=True)
class ShownSection:
    name: str
    template: str
    context: dict[str, Any]


_sections: dict[str, Section] = {}


def register(name: str, *, template: str, context: Callable[[Any], dict[str, Any] | None], order: int = 100) -> None:
    _sections[name] = Section(name, template, context, order)


def for_unit(unit: Any) -> list[ShownSection]:
    shown = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        context = section.context(unit)
        if context is not None:
            shown.append(ShownSection(section.name, section.template, context))
    return shown
