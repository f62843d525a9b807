"""The deficiency pages in the benchmark (bench/pages.py): a council's agenda and the analysis,
over the synthetic county's reports (deviations/synthetic.py: 50 000 in the default county)."""

from bench.pages import Page, bench_username, register, register_persona
from deviations.models import CouncilMember
from organisations.models import Council, CouncilKind
from organisations.roles import Role

register_persona("council_member", Role.COUNCIL_MEMBER)
register_persona("analyst", Role.ANALYST)


def _seated_council(kind: str) -> Council:
    """The bench council member's seat (made on first use): the regional council sees the whole county."""
    from accounts.models import User

    council = Council.objects.filter(kind=kind, is_active=True).order_by("pk").first()
    if council is None:
        raise RuntimeError("The synthetic county has no council: run generate_synthetic with the deviations app.")
    user = User.objects.get(username=bench_username("council_member"))
    CouncilMember.objects.get_or_create(council=council, user=user, ended_at=None)
    return council


def _agenda_paths() -> list[str]:
    regional = _seated_council(CouncilKind.REGIONAL)
    local = _seated_council(CouncilKind.LOCAL)
    return [f"/deviations/councils/{regional.uuid}/agenda/", f"/deviations/councils/{local.uuid}/agenda/"]


def _analysis_paths() -> list[str]:
    _seated_council(CouncilKind.REGIONAL)
    return ["/deviations/analysis/", "/deviations/analysis/?agreement=addiction"]


register(
    Page("deviation_agenda", "A council's agenda: new, escalated and overdue cases (regional and local)",
         _agenda_paths, persona="council_member"),
    Page("deviation_analysis", "Deficiency analysis over two years of reports, exact counts (a council member)",
         _analysis_paths, persona="council_member"),
    Page("deviation_analysis_suppressed", "Deficiency analysis with small counts suppressed (an analyst)",
         lambda: ["/deviations/analysis/"], persona="analyst"),
    order=60,
)  # fmt: skip
