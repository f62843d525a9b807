"""Apps contribute synthetic bench data through core.synthetic_registry, without editing core."""

import pytest

from core import synthetic, synthetic_registry
from individuals.models import Individual


@pytest.fixture
def recorder():  # type: ignore[no-untyped-def]
    calls: list[synthetic_registry.County] = []

    def generate(county: synthetic_registry.County) -> dict[str, int]:
        calls.append(county)
        return {"things": len(county.people), "draw": county.rng.randrange(10**9)}

    synthetic_registry.register("test_app", generate, order=99)
    yield calls
    synthetic_registry.unregister("test_app")


@pytest.mark.django_db
def test_a_registered_generator_runs_after_the_county_with_its_units_and_people(recorder) -> None:  # type: ignore[no-untyped-def]
    made = synthetic.generate(individuals=30, seed=7, audit_entries=5)
    assert len(recorder) == 1
    county = recorder[0]
    assert len(county.people) == Individual.objects.count() == 30
    assert {u.pk for u in county.units} and all(u.pk for u in county.units)
    assert made.by_apps["test_app"]["things"] == 30


@pytest.mark.django_db
def test_each_generator_draws_from_its_own_seeded_generator(recorder) -> None:  # type: ignore[no-untyped-def]
    # Seeded from the run's seed and the generator's name: the same for the same seed, whatever
    # else the county or other apps drew before it.
    made = synthetic.generate(individuals=30, seed=7, audit_entries=5)
    expected = synthetic_registry.random.Random("7:test_app").randrange(10**9)
    assert made.by_apps["test_app"]["draw"] == expected
