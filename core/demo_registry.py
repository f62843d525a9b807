"""Demo data contributed by each app (issue 8, mechanism 6).

The demo county itself (principals, units, staff: core/demo.py) is loaded first by `load_demo`;
then every registered loader, in order. An app registers in its own ``demo.py`` (found by
``discover()``), so a new capability brings its demo records without editing the command:

    from core import demo_registry
    demo_registry.register_loader("individuals", load, order=20)
    demo_registry.register_showcase(_("Fictional individuals"), lines)

A loader must be idempotent (a second `load_demo` changes nothing) and returns the rows it created.
A showcase is what the sign-in and start pages show a newcomer in demo mode (never real data).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Loader:
    name: str
    order: int
    load: Callable[[], int]


@dataclass(frozen=True)
class Showcase:
    name: str
    title: str | Promise
    lines: tuple[str | Promise, ...]
    order: int


_loaders: dict[str, Loader] = {}
_showcases: dict[str, Showcase] = {}


def register_loader(name: str, load: Callable[[], int], *, order: int) -> None:
    _loaders[name] = Loader(name, order, load)


def register_showcase(name: str, title: str | Promise, lines: Sequence[str | Promise], *, order: int) -> None:
    _showcases[name] = Showcase(name, title, tuple(lines), order)


@cache
def discover() -> None:
    """Import every app's ``demo`` module once (demo mode only: production never needs them)."""
    autodiscover_modules("demo")


def loaders() -> list[Loader]:
    discover()
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.name))


def showcases() -> list[Showcase]:
    discover()
    return sorted(_showcases.values(), key=lambda showcase: (showcase.order, showcase.name))
