"""Diagnostic criteria checklists: decision support for the clinician, who decides (issue 10, item 6).

The rules are those of ../shared/reference/instruments.md:
  DSM-5 substance use disorder  ≥2 of 11 within 12 months; 2–3 mild, 4–5 moderate, 6+ severe;
                                tolerance and withdrawal are not counted when the substance is taken
                                only under appropriate medical supervision
  ICD-10 F1x.2 dependence       ≥3 of 6 present together at some time during the previous year
  ICD-11 dependence             ≥2 of 3 central features (over 12 months, or 3 months of daily use)
  DSM-5 gambling disorder       ≥4 of 9 within 12 months; 4–5 mild, 6–7 moderate, 8–9 severe
                                (the bands are DSM-5's own; the reference marks them uncertain)
The criteria are named in short paraphrase, never the manuals' text.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.models_care import ChecklistSystem, Substance


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str | Promise


@dataclass(frozen=True)
class System:
    code: str
    threshold: int
    criteria: tuple[Criterion, ...]
    # (lowest count, severity code) ascending; empty: met or not, no severity
    severities: tuple[tuple[int, str], ...] = ()
    not_counted_under_supervision: tuple[str, ...] = ()
    period: str | Promise = ""


@dataclass(frozen=True)
class Outcome:
    count: int
    met: bool
    severity: str  # "" when not met or the system has no severity


SEVERITY_LABELS: dict[str, str | Promise] = {"mild": _("mild"), "moderate": _("moderate"), "severe": _("severe")}

DSM5_SUD = System(
    code=ChecklistSystem.DSM5_SUD,
    threshold=2,
    criteria=(
        Criterion("larger_amounts", _("Taken in larger amounts or over a longer period than intended")),
        Criterion("cut_down", _("Persistent desire or unsuccessful efforts to cut down or control use")),
        Criterion("time_spent", _("A great deal of time spent obtaining, using or recovering")),
        Criterion("craving", _("Craving, a strong desire or urge to use")),
        Criterion("role_failure", _("Use resulting in failure to fulfil obligations at work, school or home")),
        Criterion("social_problems", _("Continued use despite social or interpersonal problems caused by it")),
        Criterion("activities_given_up", _("Important activities given up or reduced because of use")),
        Criterion("hazardous_use", _("Recurrent use in situations in which it is physically hazardous")),
        Criterion("despite_harm", _("Continued use despite knowing of a physical or psychological problem it causes")),
        Criterion("tolerance", _("Tolerance")),
        Criterion("withdrawal", _("Withdrawal")),
    ),
    severities=((2, "mild"), (4, "moderate"), (6, "severe")),
    not_counted_under_supervision=("tolerance", "withdrawal"),
    period=_("Tick the criteria present within the same 12 months."),
)

ICD10_DEPENDENCE = System(
    code=ChecklistSystem.ICD10_DEPENDENCE,
    threshold=3,
    criteria=(
        Criterion("compulsion", _("A strong desire or sense of compulsion to take the substance")),
        Criterion("impaired_control", _("Difficulties in controlling onset, termination or levels of use")),
        Criterion("withdrawal", _("A physiological withdrawal state, or use to relieve or avoid withdrawal")),
        Criterion("tolerance", _("Evidence of tolerance")),
        Criterion("neglect", _("Progressive neglect of alternative pleasures or interests because of use")),
        Criterion("despite_harm", _("Persisting with use despite clear evidence of harmful consequences")),
    ),
    period=_("Tick the criteria present together at some time during the previous year."),
)

ICD11_DEPENDENCE = System(
    code=ChecklistSystem.ICD11_DEPENDENCE,
    threshold=2,
    criteria=(
        Criterion("impaired_control", _("Impaired control over use (onset, level, circumstances, stopping)")),
        Criterion("precedence", _("Increasing precedence of use over other aspects of life")),
        Criterion("physiological", _("Physiological features: tolerance, withdrawal, or use to prevent withdrawal")),
    ),
    period=_(
        "Tick the features evident over a period of at least 12 months, or of at least 3 months with daily "
        "or almost daily use."
    ),
)

DSM5_GAMBLING = System(
    code=ChecklistSystem.DSM5_GAMBLING,
    threshold=4,
    criteria=(
        Criterion("increasing_amounts", _("Needs to gamble with increasing amounts to achieve the excitement")),
        Criterion("restless", _("Restless or irritable when attempting to cut down or stop")),
        Criterion("failed_control", _("Repeated unsuccessful efforts to control, cut back or stop")),
        Criterion("preoccupied", _("Often preoccupied with gambling")),
        Criterion("when_distressed", _("Often gambles when feeling distressed")),
        Criterion("chasing", _("After losing money, often returns to get even (chasing losses)")),
        Criterion("lies", _("Lies to conceal the extent of gambling")),
        Criterion("jeopardised", _("Has jeopardised or lost a relationship, job or opportunity because of gambling")),
        Criterion("bailout", _("Relies on others for money to relieve a desperate financial situation")),
    ),
    severities=((4, "mild"), (6, "moderate"), (8, "severe")),
    period=_("Tick the criteria present within the same 12 months."),
)

SYSTEMS: dict[str, System] = {s.code: s for s in (DSM5_SUD, ICD10_DEPENDENCE, ICD11_DEPENDENCE, DSM5_GAMBLING)}
GAMBLING = Substance.F63_0


def evaluate(system: System, ticked: list[str], *, supervised_treatment: bool = False) -> Outcome:
    """Count the ticked criteria by the system's rule. Unknown codes are the caller's error (the form
    offers only the system's codes); they raise ValueError rather than count."""
    known = {c.code for c in system.criteria}
    unknown = set(ticked) - known
    if unknown:
        raise ValueError(f"unknown criteria for {system.code}: {sorted(unknown)}")
    counted = set(ticked)
    if supervised_treatment:
        counted -= set(system.not_counted_under_supervision)
    count = len(counted)
    met = count >= system.threshold
    severity = ""
    if met:
        for lowest, code in system.severities:
            if count >= lowest:
                severity = code
    return Outcome(count=count, met=met, severity=severity)


def substance_allowed(system_code: str, substance: str) -> bool:
    """Gambling goes with F63.0 only; the substance checklists with F10–F19 only."""
    return (system_code == ChecklistSystem.DSM5_GAMBLING) == (substance == GAMBLING)
