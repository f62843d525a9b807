"""The pages the benchmark measures, contributed by each app in its own ``bench_pages.py``
(found by ``pages()``; issue 8, mechanism 6): an issue that makes a main page adds it there.

A page has a name, what it shows, who requests it (a persona from PERSONAS) and the paths to
request, found in the synthetic database; the load generator goes round them in turn.

Pages that write audit entries are measured twice in the same run: as they are, and as
"<name>_no_audit" with the audit writes switched off for those requests only (bench/middleware.py),
so that the run can report what the audit entry costs the page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules

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
    method: str = "GET"  # or "POST" (staff POSTs carry the CSRF cookie and header)
    body: Callable[[], str] | None = None  # a POST's JSON body


# Bench users: persona -> role. bench/prepare.py creates them with a second factor. An app's
# bench_pages.py adds the personas its pages need with register_persona().
PERSONAS: dict[str, Role] = {"social_worker": Role.SOCIAL_WORKER}
# The persona of public pages: requested without a session or cookies.
ANONYMOUS = "anonymous"


def register_persona(persona: str, role: Role) -> None:
    PERSONAS[persona] = role


def bench_username(persona: str) -> str:
    return f"bench-{persona.replace('_', '-')}"


def bench_unit(persona: str = "social_worker") -> Unit:
    """The unit where the persona's bench user works (bench/prepare.py chooses it)."""
    return Membership.objects.select_related("unit").get(user__username=bench_username(persona)).unit


def with_and_without_audit(page: Page) -> list[Page]:
    without = Page(
        page.name + NO_AUDIT_SUFFIX,
        f"{page.description}, without writing the audit entry",
        page.paths,
        page.persona,
        audited=False,
        audit_off=True,
        method=page.method,
        body=page.body,
    )
    return [page, without]


_pages: dict[str, tuple[int, Page]] = {}


def register(*pages: Page, order: int) -> None:
    """Add pages to the run, in ``order`` (the same name again replaces the page)."""
    for index, page in enumerate(pages):
        _pages[page.name] = (order * 100 + index, page)


def pages() -> list[Page]:
    """Every app's pages, in order (each app's ``bench_pages`` module registers its own)."""
    autodiscover_modules("bench_pages")
    return [page for _order, page in sorted(_pages.values(), key=lambda item: item[0])]


register(
    Page("floor", "Trivial view through the same middleware stack (bench/views.py)", lambda: ["/bench/floor"]), order=0
)
