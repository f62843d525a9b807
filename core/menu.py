"""The main menu, contributed by each app (issue 8, mechanism 6).

An app adds its entries in its own ``menu.py`` (found at start-up by CoreConfig.ready(), like the
admin's ``admin.py``), so a new capability adds a file instead of editing templates/base.html:

    from core.menu import register
    register("individuals", _("Individuals"), "my_individuals", order=20, visible=sees_personal_data)

``visible`` is asked with the signed-in user; it must be cheap (it runs on every page) and must
not be the only guard: the view behind the entry checks access itself (access.policy).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    key: str
    label: str | Promise
    url_name: str
    order: int
    visible: Callable[[Any], bool]


@dataclass(frozen=True)
class Link:
    label: str | Promise
    url: str
    current: bool


_entries: dict[str, Entry] = {}


def _everyone(user: Any) -> bool:
    return True


def register(
    key: str, label: str | Promise, url_name: str, *, order: int, visible: Callable[[Any], bool] = _everyone
) -> None:
    """Add an entry (the same key again replaces it, so a reload does not double it)."""
    _entries[key] = Entry(key, label, url_name, order, visible)


def entries() -> list[Entry]:
    return sorted(_entries.values(), key=lambda entry: (entry.order, entry.key))


def links(request: HttpRequest) -> list[Link]:
    """The entries the signed-in user may see, in order, the current page marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    result = []
    for entry in entries():
        if entry.visible(user):
            url = reverse(entry.url_name)
            result.append(Link(entry.label, url, request.path == url))
    return result


register("home", _("My unit"), "home", order=10)
