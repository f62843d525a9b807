"""The pages the benchmark measures. Each issue that makes a main page adds it here.

A page has a name, what it shows, who requests it (a persona from PERSONAS) and the paths to
request, found in the synthetic database; the load generator goes round them in turn.

Pages that write audit entries are measured twice in the same run: as they are, and as
"<name>_no_audit" with the audit writes switched off for those requests only (bench/middleware.py),
so that the run can report what the audit entry costs the page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from individuals.models import ActiveRelation
from organisations.models import Membership, Unit
from organisations.roles import Role

NO_AUDIT_SUFFIX = "_no_audit"


@dataclass(frozen=True)
class Page:
    name: str
    description: str
    paths: Callable[[], list[str]]
    persona: str = "social_worker"
    audited: bool = False  # every request writes at least one audit entry
    audit_off: bool = False  # requested with the audit writes switched off (bench/middleware.py)


# Bench users: persona -> role. bench/prepare.py creates them with a second factor.
PERSONAS: dict[str, Role] = {"social_worker": Role.SOCIAL_WORKER}


def bench_username(persona: str) -> str:
    return f"bench-{persona.replace('_', '-')}"


def bench_unit(persona: str = "social_worker") -> Unit:
    """The unit where the persona's bench user works (bench/prepare.py chooses it)."""
    return Membership.objects.select_related("unit").get(user__username=bench_username(persona)).unit


def _unit_pages(count: int = 50) -> list[str]:
    """Units spread over the whole list, small and large."""
    units = list(Unit.objects.filter(is_active=True).order_by("name").values_list("uuid", flat=True))
    step = max(1, len(units) // count)
    return [f"/units/{uuid}/" for uuid in units[::step][:count]]


def _individual_pages(count: int = 50) -> list[str]:
    """Individuals with a current relation at the bench user's unit, the first ``count`` by start."""
    relations = (
        ActiveRelation.objects.current()
        .filter(unit=bench_unit())
        .select_related("individual")
        .order_by("started_on", "id")[:count]
    )
    return [r.individual.get_absolute_url() for r in relations]


def _with_and_without_audit(page: Page) -> list[Page]:
    without = Page(
        page.name + NO_AUDIT_SUFFIX,
        f"{page.description}, without writing the audit entry",
        page.paths,
        page.persona,
        audited=False,
        audit_off=True,
    )
    return [page, without]


PAGES: list[Page] = [
    Page("floor", "Trivial view through the same middleware stack (bench/views.py)", lambda: ["/bench/floor"]),
    Page("unit_list", "Unit list, first page of 50", lambda: ["/units/"]),
    Page("unit_page", "Unit page with its services and staff (50 units in turn)", _unit_pages),
    Page("staff_directory", "Staff directory, first page of 50", lambda: ["/staff/"]),
    *_with_and_without_audit(
        Page(
            "my_individuals",
            "My unit's current individuals, first page of 25 (one audit entry per listed individual)",
            lambda: ["/individuals/"],
            audited=True,
        )
    ),
    *_with_and_without_audit(
        Page(
            "individual_page",
            "The individual's page (50 individuals current at the unit in turn; one audit entry)",
            _individual_pages,
            audited=True,
        )
    ),
]
