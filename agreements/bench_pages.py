"""The agreements' pages in the benchmark (bench/pages.py): the responsibility matrix (every
intervention type × every municipality), the search "who does X in Y", and an agreement's page."""

from agreements.models import Agreement, InterventionType
from bench.pages import Page, register
from organisations.models import Principal, PrincipalKind


def _who_does() -> list[str]:
    codes = list(InterventionType.objects.filter(is_active=True).values_list("code", flat=True)[:10])
    places = list(
        Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).values_list("municipality_code", flat=True)[:5]
    )
    return [f"/agreements/matrix/who/?intervention={c}&municipality={m}" for c in codes for m in places] or [
        "/agreements/matrix/who/"
    ]


def _agreements() -> list[str]:
    return [a.get_absolute_url() for a in Agreement.objects.order_by("pk")[:5]] or ["/agreements/"]


register(
    Page(
        "agreements_matrix",
        "Responsibility matrix: every intervention x every municipality",
        lambda: ["/agreements/matrix/"],
    ),
    Page("agreements_who_does", "Who does X for a person in Y (50 questions in turn)", _who_does),
    Page("agreement_page", "An agreement with its bodies and matrix rows", _agreements),
    Page(
        "staff_directory_unit_search", "Staff directory filtered by typed unit text", lambda: ["/staff/?unit_q=enhet"]
    ),
    order=40,
)
