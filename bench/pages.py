"""The pages the benchmark measures. Each issue that makes a main page adds it here.

A page has a name, what it shows, who requests it (a persona from PERSONAS) and the paths to
request, found in the synthetic database; the load generator goes round them in turn.
"""

from collections.abc import Callable
from dataclasses import dataclass

from organisations.models import Unit
from organisations.roles import Role


@dataclass(frozen=True)
class Page:
    name: str
    description: str
    paths: Callable[[], list[str]]
    persona: str = "social_worker"


# Bench users: persona -> role. bench/prepare.py creates them with a second factor.
PERSONAS: dict[str, Role] = {"social_worker": Role.SOCIAL_WORKER}


def _unit_pages(count: int = 50) -> list[str]:
    """Units spread over the whole list, small and large."""
    units = list(Unit.objects.filter(is_active=True).order_by("name").values_list("uuid", flat=True))
    step = max(1, len(units) // count)
    return [f"/units/{uuid}/" for uuid in units[::step][:count]]


PAGES: list[Page] = [
    Page("floor", "Trivial view through the same middleware stack (bench/views.py)", lambda: ["/bench/floor"]),
    Page("unit_list", "Unit list, first page of 50", lambda: ["/units/"]),
    Page("unit_page", "Unit page with its services and staff (50 units in turn)", _unit_pages),
    Page("staff_directory", "Staff directory, first page of 50", lambda: ["/staff/"]),
]
