"""The individuals' pages in the benchmark (bench/pages.py), each with and without its audit entry."""

from bench.pages import Page, bench_unit, register, with_and_without_audit
from individuals.models import ActiveRelation


def _individual_pages(count: int = 50) -> list[str]:
    """Individuals with a current relation at the bench user's unit, the first ``count`` by start."""
    relations = (
        ActiveRelation.objects.current()
        .filter(unit=bench_unit())
        .select_related("individual")
        .order_by("started_on", "id")[:count]
    )
    return [r.individual.get_absolute_url() for r in relations]


register(
    *with_and_without_audit(
        Page(
            "my_individuals",
            "My unit's current individuals, first page of 25 (one audit entry per listed individual)",
            lambda: ["/individuals/"],
            audited=True,
        )
    ),
    *with_and_without_audit(
        Page(
            "individual_page",
            "The individual's page (50 individuals current at the unit in turn; one audit entry)",
            _individual_pages,
            audited=True,
        )
    ),
    order=20,
)
