"""The demo county's deficiency reports (core/demo_registry.py): every state, every municipality.

The region's addiction and psychiatry units report each municipality's adult social services, and
Sundsvall's adult unit reports the region's units, through the same services as the form; then the
cases are dated back (0–300 days), so the councils' agendas, the overdue flags and the analysis
show something real. Seats: demo.council_member on Härnösand's local council and the regional one.
All text is invented and names no one.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import demo, demo_registry
from deviations import services
from deviations.models import Event, Report, Step
from organisations.models import Council, Unit

REGION_REPORTERS = {"demo.nurse": "Beroendecentrum Sundsvall", "demo.psychologist": "Psykiatrisk öppenvård Sundsvall"}
SUNDSVALL = demo.SUNDSVALL_ADULT

TEXTS = {
    "accessibility": (
        "Ingen tid hos handläggare inom två veckor trots akut behov.",
        "Behandlingen sköts upp och risken för återfall ökade.",
    ),  # fmt: skip
    "coordination": (
        "Kallad part kom inte till SIP-mötet och meddelade inte förhinder.",
        "Planen försenades en månad.",
    ),  # fmt: skip
    "information": ("Epikris skickades inte vid utskrivning.", "Insatser startade utan kännedom om medicinering."),
    "responsibility": (
        "Oenighet om vem som ansvarar för boendestöd under behandling.",
        "Personen stod utan stöd i tre veckor.",
    ),  # fmt: skip
    "discharge": ("Utskrivning skedde utan samordnad vårdplanering.", "Ingen mottagare fanns dagen efter."),
    "treatment": ("Personen hänvisades mellan verksamheterna flera gånger.", "Förtroendet för vården minskade."),
    "other": ("Gemensam rutin saknas för helgtid.", "Ingen kunde nås under helgen."),
}


@dataclass(frozen=True)
class Case:
    reporter: str
    unit: str  # the reporting unit
    counterpart: str  # a unit's name
    category: str
    days_ago: int
    outcome: str = ""  # "", answered, resolved, local, regional, council_resolved, reopened
    agreement: str = "addiction"


def _cases() -> list[Case]:
    cases = []
    categories = list(TEXTS)
    adult_units = [f"Vuxenenheten, {name}" for name in demo.MUNICIPALITIES]
    for index, counterpart in enumerate(adult_units):
        for round_ in range(3):
            reporter = "demo.nurse" if (index + round_) % 2 == 0 else "demo.psychologist"
            agreement = "addiction" if reporter == "demo.nurse" else "psychiatry"
            cases.append(Case(reporter, REGION_REPORTERS[reporter], counterpart,
                              categories[(index * 3 + round_) % len(categories)], 5 + index * 37 + round_ * 11,
                              agreement=agreement))  # fmt: skip
    for index, counterpart in enumerate(REGION_REPORTERS.values()):
        cases.append(Case("demo.social_worker", SUNDSVALL, counterpart, categories[index], 20 + index * 30, "resolved"))
    return cases + [
        Case("demo.nurse", "Beroendecentrum Sundsvall", SUNDSVALL, "coordination", 40, "answered"),
        Case(
            "demo.nurse", "Beroendecentrum Sundsvall", "Vuxenenheten, Härnösands kommun", "accessibility", 75, "local"
        ),  # fmt: skip
        Case(
            "demo.psychologist",
            "Psykiatrisk öppenvård Sundsvall",
            "Vuxenenheten, Härnösands kommun",
            "accessibility",
            120,
            "regional",
            agreement="psychiatry",
        ),  # fmt: skip
        Case(
            "demo.nurse",
            "Beroendecentrum Sundsvall",
            "Vuxenenheten, Härnösands kommun",
            "discharge",
            200,
            "council_resolved",
        ),  # fmt: skip
        Case(
            "demo.nurse", "Beroendecentrum Sundsvall", "Vuxenenheten, Kramfors kommun", "responsibility", 90, "local"
        ),  # fmt: skip
        Case(
            "demo.social_worker",
            SUNDSVALL,
            "Vuxenenheten, Timrå kommun",
            "responsibility",
            30,
            "reopened",
            agreement="homelessness",
        ),  # fmt: skip
    ]


def _shift(report: Report, days: int, answer_after: int) -> None:
    """Date the case back ``days``; its first answer ``answer_after`` days after it was submitted."""
    delta = datetime.timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(submitted_at=F("submitted_at") - delta)
    Step.objects.filter(report=report).update(opened_at=F("opened_at") - delta, deadline=F("deadline") - delta)
    Step.objects.filter(report=report, closed_at__isnull=False).update(closed_at=F("closed_at") - delta)
    Event.objects.filter(report=report).update(at=F("at") - delta)
    report.refresh_from_db()
    later = datetime.timedelta(days=min(answer_after, days))
    if report.first_answer_at:
        Report.objects.filter(pk=report.pk).update(first_answer_at=report.submitted_at + later,
                                                   days_to_first_answer=later.days)  # fmt: skip
    if report.resolved_at:
        done = datetime.timedelta(days=min(days, answer_after * 2))
        Report.objects.filter(pk=report.pk).update(resolved_at=report.submitted_at + done,
                                                   days_to_resolution=done.days)  # fmt: skip


def _play(case: Case, users: dict[str, User], units: dict[str, Unit]) -> Report:
    what, consequence = TEXTS[case.category]
    report = services.report_submit(
        reporter=users[case.reporter],
        agreement=case.agreement,
        happened_on=timezone.localdate() - datetime.timedelta(days=case.days_ago + 3),
        reporting_unit=units[case.unit],
        counterpart_units=[units[case.counterpart]],
        counterpart_principals=[],
        category=case.category,
        what_happened=what,
        consequence=consequence,
        severity=("low", "medium", "high")[case.days_ago % 3],
        improvement="Gemensam rutin och kontaktperson hos båda huvudmännen.",
        anonymous=case.days_ago % 2 == 0,
    )
    reporter, member = users[case.reporter], users["demo.council_member"]
    if case.outcome == "answered":
        services.report_answer(report=report, unit=units[case.counterpart], user=users["demo.unit_manager"],
                               view="Vi hade vakanser.", measures="Ny bemanning från nästa månad.")  # fmt: skip
    if case.outcome in ("resolved", "reopened"):
        services.report_resolve(report=report, user=reporter, text="Löst i dialog mellan enheterna.")
    if case.outcome == "reopened":
        services.report_reopen(report=report, user=reporter, text="Samma brist upprepades.", council_seat=False)
    if case.outcome in ("local", "regional", "council_resolved"):
        services.report_escalate(report=report, user=reporter, text="Frågan är principiell för kommunen.")
    if case.outcome == "regional":
        services.report_escalate(report=report, user=member, text="Gäller hela länet.")
    if case.outcome == "council_resolved":
        services.report_resolve(report=report, user=member, text="Samrådet beslutade om gemensam rutin.")
    _shift(report, case.days_ago, answer_after=12 + case.days_ago % 40)
    return report


def load() -> int:
    if Report.objects.filter(reporter__username__startswith="demo.").exists():
        return 0
    users = {u.username: User.objects.get(pk=u.pk) for u in User.objects.filter(username__startswith="demo.")}
    units = {u.name: u for u in Unit.objects.select_related("principal")}
    councils = {c.name: c for c in Council.objects.all()}
    member = users["demo.council_member"]
    for name in (demo.LOCAL_COUNCILS["Härnösands kommun"], demo.REGIONAL_COUNCIL):
        if not member.council_seats.filter(council=councils[name], ended_at__isnull=True).exists():
            services.council_seat_add(council=councils[name], user=member, seat_role="member")
    reports = [_play(case, users, units) for case in _cases()]
    harnosand = councils[demo.LOCAL_COUNCILS["Härnösands kommun"]]
    on_table = [r for r in reports if r.local_council_id == harnosand.pk][:2]
    services.action_save(action=None, council=harnosand, user=member,
                         what="Gemensam rutin för akuta bedömningar mellan kommun och beroendevård.",
                         who="Enhetschefer vid vuxenenheten och beroendecentrum",
                         due_on=timezone.localdate() + datetime.timedelta(days=60), status="in_progress",
                         follow_up="", reports=on_table)  # fmt: skip
    return len(reports)


demo_registry.register_loader("deviations", load, order=60)
demo_registry.register_showcase(
    "deviations",
    _("Collaboration deficiencies"),
    [
        _("demo.unit_manager: a report from Beroendecentrum waits for your answer (start page)."),
        _("demo.council_member: Deficiencies → My councils → Lokalt samråd Härnösand → Agenda."),
        _("demo.analyst: Deficiencies → Analysis: counts under 5 are shown as “fewer than 5”."),
        _("demo.social_worker: Deficiencies → Report a deficiency: type a personal identity number to see it refused."),
    ],
    order=60,
)
