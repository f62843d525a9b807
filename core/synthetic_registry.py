"""Synthetic data contributed by each app, for the benchmark (issue 8, mechanism 6).

`generate_synthetic` first builds the county (principals, units, staff), the individuals and their
audit log (core/synthetic.py); then it calls every registered generator, in order, in the same
transaction. An app registers in its own ``synthetic.py`` (found by ``discover()``), so a new
capability brings its bench data without editing the command:

    from core import synthetic_registry
    synthetic_registry.register("sip", generate_sips, order=30)

A generator gets a `County` (with a random generator of its own, seeded from the run's seed and
its name, so adding another app's generator never changes this one's data) and returns the rows
it created by kind, e.g. ``{"sips": 30000, "versions": 150000}``. Everything it makes is fiction.
"""

import datetime
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class County:
    seed: int
    rng: random.Random
    scale: Any  # core.synthetic.Scale
    units: Sequence[Any]  # organisations.Unit, saved
    people: Sequence[Any]  # core.synthetic.Person: pk, units, current units, consent units
    today: datetime.date


@dataclass(frozen=True)
class Generator:
    name: str
    order: int
    generate: Callable[[County], dict[str, int]]


_generators: dict[str, Generator] = {}


def register(name: str, generate: Callable[[County], dict[str, int]], *, order: int) -> None:
    _generators[name] = Generator(name, order, generate)


def unregister(name: str) -> None:
    _generators.pop(name, None)


@contextmanager
def only(*names: str) -> Iterator[None]:
    """Run only these apps' generators (none: only the county itself) within the block; for tests of
    one generator, whose counts others would change."""
    discover()
    kept = dict(_generators)
    for name in set(kept) - set(names):
        del _generators[name]
    try:
        yield
    finally:
        _generators.clear()
        _generators.update(kept)


@cache
def discover() -> None:
    """Import every app's ``synthetic`` module once."""
    autodiscover_modules("synthetic")


def generators() -> list[Generator]:
    discover()
    return sorted(_generators.values(), key=lambda generator: (generator.order, generator.name))


def run_all(*, seed: int, scale: Any, units: Sequence[Any], people: Sequence[Any], today: datetime.date) -> dict:
    made: dict[str, dict[str, int]] = {}
    for generator in generators():
        rng = random.Random(f"{seed}:{generator.name}")  # noqa: S311 - reproducible fiction, not secrets
        county = County(seed=seed, rng=rng, scale=scale, units=units, people=people, today=today)
        made[generator.name] = generator.generate(county)
    return made
