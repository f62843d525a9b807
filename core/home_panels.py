"""Panels on the start page, contributed by apps (issue 8, mechanism 6).

An app registers a panel in its AppConfig.ready(): a template and a function that returns the
template's context for the request, or None when the panel has nothing to show this user:

    from core import home_panels
    home_panels.register("reminders", template="reminders/home_panel.html", context=panel_context, order=10)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int


@dataclass(frozen=True)
class ShownPanel:
    name: str
    template: str
    context: dict[str, Any]


_panels: dict[str, Panel] = {}


def register(
    name: str, *, template: str, context: Callable[[HttpRequest], dict[str, Any] | None], order: int = 100
) -> None:
    _panels[name] = Panel(name, template, context, order)


def for_request(request: HttpRequest) -> list[ShownPanel]:
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request)
        if context is not None:
            shown.append(ShownPanel(panel.name, panel.template, context))
    return shown
