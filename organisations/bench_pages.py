"""The county directory's pages in the benchmark (bench/pages.py)."""

from bench.pages import Page, register
from organisations.models import Unit


def _unit_pages(count: int = 50) -> list[str]:
    """Units spread over the whole list, small and large."""
    units = list(Unit.objects.filter(is_active=True).order_by("name").values_list("uuid", flat=True))
    step = max(1, len(units) // count)
    return [f"/units/{uuid}/" for uuid in units[::step][:count]]


register(
    Page("unit_list", "Unit list, first page of 50", lambda: ["/units/"]),
    Page("unit_page", "Unit page with its services and staff (50 units in turn)", _unit_pages),
    Page("staff_directory", "Staff directory, first page of 50", lambda: ["/staff/"]),
    order=10,
)
