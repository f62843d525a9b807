"""The SIP's forms. They parse and check the shape of the input; the rules live in sip.services."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements.models import InterventionType
from core.forms import lazy_interpolated
from individuals.models import Relative
from organisations.models import Principal, PrincipalKind, Unit
from sip.models import (
    MINUTES_MAX,
    SHORT_MAX,
    TEXT_MAX,
    ChildrenConsidered,
    ExternalKind,
    FollowUpDecision,
    GoalTerm,
    InvitationAnswer,
    Meeting,
    MeetingMode,
    Outcome,
    Participant,
    Pregnancy,
    RequestedBy,
    Sip,
    TargetGroup,
    ViolenceResult,
)
from sip.services import GoalInput, InterventionInput, MeasureInput, PlanInput

GOAL_ROWS = 6
INTERVENTION_ROWS = 6
MEASURE_ROWS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _text(label: Any, max_length: int = TEXT_MAX, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required,
                           widget=forms.Textarea(attrs={"rows": rows}))  # fmt: skip


class StartForm(forms.Form):
    requested_by = forms.ChoiceField(label=_("Who asked for the plan"), choices=RequestedBy.choices)
    requested_on = forms.DateField(label=_("Asked for on"), widget=DateInput(), initial=timezone.localdate)
    need_recognised_on = forms.DateField(label=_("The need was recognised on"), widget=DateInput(),
                                         initial=timezone.localdate)  # fmt: skip
    coordinating_unit = forms.ModelChoiceField(label=_("Coordinating unit"), queryset=Unit.objects.none(),
                                               to_field_name="uuid")  # fmt: skip

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinating_unit"].queryset = units  # type: ignore[attr-defined]
        if units.count() == 1:
            self.fields["coordinating_unit"].initial = units.first().uuid


class AnswerByMixin(forms.Form):
    answer_by = forms.DateField(label=_("Answer by"), widget=DateInput(),
                                initial=lambda: timezone.localdate() + datetime.timedelta(days=7))  # fmt: skip


class UnitInviteForm(AnswerByMixin):
    unit = forms.ModelChoiceField(label=_("Unit (from the county's directory)"), to_field_name="uuid",
                                  queryset=Unit.objects.filter(is_active=True).select_related("principal")
                                  .order_by("name"))  # fmt: skip
    staff_email = forms.EmailField(label=_("Named member of staff at the unit (work e-mail, optional)"),
                                   required=False, max_length=254)  # fmt: skip
    field_order = ["unit", "staff_email", "answer_by"]

    def named_staff(self) -> User | None:
        """The active member of staff with that e-mail, or None; one not found is refused here."""
        email = self.cleaned_data.get("staff_email") or ""
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise ValidationError({"staff_email": _("No member of staff has this e-mail address.")})
        return user


class ExternalForm(AnswerByMixin):
    external_kind = forms.ChoiceField(label=_("Kind of party"), choices=ExternalKind.choices)
    organisation = forms.CharField(label=_("Organisation"), max_length=SHORT_MAX)
    contact_name = forms.CharField(label=_("Contact person"), max_length=SHORT_MAX, required=False)
    contact_phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    field_order = ["external_kind", "organisation", "contact_name", "contact_phone", "contact_email", "answer_by"]


class RelativeForm(AnswerByMixin):
    relative = forms.ModelChoiceField(label=_("Relative"), queryset=Relative.objects.none())
    field_order = ["relative", "answer_by"]

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relative"].queryset = Relative.objects.filter(individual_id=sip.individual_id)  # type: ignore[attr-defined]


class RemoveForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none(),
                                         to_field_name="uuid")  # fmt: skip

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(sip=sip, left_at=None)  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect,
                               choices=[c for c in InvitationAnswer.choices if c[0] != "pending"])  # fmt: skip
    proposed_time = forms.DateTimeField(label=_("Proposed time (if you propose another time)"), required=False,
                                        widget=DateTimeInput())  # fmt: skip
    reason = _text(_("Reason (if you decline)"))


class MeetingPlanForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Time"), widget=DateTimeInput())
    mode = forms.ChoiceField(label=_("How"), choices=MeetingMode.choices, widget=forms.RadioSelect)
    place = forms.CharField(label=_("Place or link"), max_length=SHORT_MAX, required=False)


ATTENDED_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("", _("Not recorded"))]


MINUTES_HELP = lazy_interpolated(_("At most %(max)d characters."), {"max": MINUTES_MAX})


class MeetingRecordForm(forms.Form):
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(),
                                                             to_field_name="uuid")  # fmt: skip
    individual_attended = forms.ChoiceField(label=_("Did the individual take part?"), choices=ATTENDED_CHOICES,
                                            widget=forms.RadioSelect, required=False)  # fmt: skip
    individual_words = _text(_("The individual's own words"), rows=4)
    # Longer than the limit is accepted here so that the service's message says how long it was.
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                              help_text=MINUTES_HELP)  # fmt: skip
    attendees = forms.ModelMultipleChoiceField(label=_("Who attended"), queryset=Participant.objects.none(),
                                               widget=forms.CheckboxSelectMultiple, required=False,
                                               to_field_name="uuid")  # fmt: skip

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = sip.meetings.all()  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: timezone.localtime(m.starts_at).strftime(  # type: ignore[attr-defined]
            "%Y-%m-%d %H:%M"
        )
        self.fields["attendees"].queryset = Participant.objects.filter(sip=sip, left_at=None).select_related(  # type: ignore[attr-defined]
            "unit", "user", "relative"
        )
        self.fields["attendees"].label_from_instance = participant_label  # type: ignore[attr-defined]

    def attended(self) -> bool | None:
        value = self.cleaned_data.get("individual_attended")
        return True if value == "yes" else False if value == "no" else None


def participant_label(p: Participant) -> str:
    if p.kind == "unit":
        return str(p.unit)
    if p.kind == "staff":
        return f"{p.user.get_full_name() if p.user else ''} ({p.unit})"
    if p.kind == "relative":
        return str(p.relative.name) if p.relative else ""
    return f"{p.organisation} {p.contact_name}".strip()


class PlanForm(forms.Form):
    """The five parts as rows of fields (goals, interventions, measures), kept as typed on an error."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    problem = _text(_("1. The problem, as the individual and the parties describe it"), rows=4)
    no_other_measures = forms.BooleanField(label=_("3. There are no measures by others"), required=False)
    overall_principal = forms.ModelChoiceField(
        label=_("4. Principal with the overall responsibility"), required=False, to_field_name="uuid",
        queryset=Principal.objects.filter(kind__in=[PrincipalKind.MUNICIPALITY, PrincipalKind.REGION]))  # fmt: skip
    coordinator = forms.ModelChoiceField(label=_("5. Coordinator"), required=False, queryset=User.objects.none())
    next_follow_up_on = forms.DateField(label=_("5. Next follow-up"), required=False, widget=DateInput())
    children_considered = forms.ChoiceField(label=_("Children in the household"), choices=ChildrenConsidered.choices)
    child_perspective = _text(_("How the children's needs are met"))
    violence_result = forms.ChoiceField(label=_("The question about violence"), choices=ViolenceResult.choices)
    violence_note = _text(_("Violence: what was agreed"))
    pregnancy = forms.ChoiceField(label=_("Pregnancy"), choices=Pregnancy.choices)
    target_groups = forms.MultipleChoiceField(label=_("Special target groups"), choices=TargetGroup.choices,
                                              widget=forms.CheckboxSelectMultiple, required=False)  # fmt: skip

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sip = sip
        staff = Participant.objects.filter(sip=sip, left_at=None, kind="staff").values("user_id")
        self.fields["coordinator"].queryset = User.objects.filter(pk__in=staff)  # type: ignore[attr-defined]
        self.fields["coordinator"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        units = Unit.objects.filter(sip_participations__sip=sip, sip_participations__left_at=None,
                                    sip_participations__kind="unit")  # fmt: skip
        types = InterventionType.objects.filter(is_active=True)
        for n in range(GOAL_ROWS):
            self.fields[f"goal_{n}_term"] = forms.ChoiceField(label=_("Goal %(n)d: term") % {"n": n + 1},
                                                              choices=GoalTerm.choices, required=False)  # fmt: skip
            self.fields[f"goal_{n}_text"] = forms.CharField(label=_("Goal %(n)d") % {"n": n + 1}, required=False,
                                                            max_length=TEXT_MAX)  # fmt: skip
            self.fields[f"goal_{n}_own_words"] = forms.BooleanField(
                label=_("Goal %(n)d is in the individual's own words") % {"n": n + 1}, required=False
            )
        for n in range(INTERVENTION_ROWS):
            label = {"n": n + 1}
            self.fields[f"iv_{n}_unit"] = forms.ModelChoiceField(
                label=_("Intervention %(n)d: responsible unit") % label, queryset=units, required=False,
                to_field_name="uuid")  # fmt: skip
            self.fields[f"iv_{n}_type"] = forms.ModelChoiceField(
                label=_("Intervention %(n)d: type") % label, queryset=types, required=False, to_field_name="code"
            )
            self.fields[f"iv_{n}_description"] = forms.CharField(
                label=_("Intervention %(n)d: in words") % label, required=False, max_length=TEXT_MAX
            )
            self.fields[f"iv_{n}_starts_on"] = forms.DateField(label=_("Intervention %(n)d: from") % label,
                                                               required=False, widget=DateInput())  # fmt: skip
            self.fields[f"iv_{n}_ends_on"] = forms.DateField(label=_("Intervention %(n)d: to") % label,
                                                             required=False, widget=DateInput())  # fmt: skip
        for n in range(MEASURE_ROWS):
            self.fields[f"m_{n}_by"] = forms.CharField(label=_("Measure %(n)d: by whom") % {"n": n + 1},
                                                       required=False, max_length=SHORT_MAX)  # fmt: skip
            self.fields[f"m_{n}_description"] = forms.CharField(label=_("Measure %(n)d: what") % {"n": n + 1},
                                                                required=False, max_length=TEXT_MAX)  # fmt: skip

    @classmethod
    def initial_for(cls, sip: Sip) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "revision": sip.revision, "problem": sip.problem, "no_other_measures": sip.no_other_measures,
            "overall_principal": sip.overall_principal.uuid if sip.overall_principal else None,
            "coordinator": sip.coordinator_id, "next_follow_up_on": sip.next_follow_up_on,
            "children_considered": sip.children_considered, "child_perspective": sip.child_perspective,
            "violence_result": sip.violence_result, "violence_note": sip.violence_note, "pregnancy": sip.pregnancy,
            "target_groups": sip.target_groups,
        }  # fmt: skip
        for n, g in enumerate(sip.goals.all()[:GOAL_ROWS]):
            initial.update({f"goal_{n}_term": g.term, f"goal_{n}_text": g.text, f"goal_{n}_own_words": g.own_words})
        for n, i in enumerate(sip.interventions.select_related("unit", "intervention_type")[:INTERVENTION_ROWS]):
            initial.update({f"iv_{n}_unit": i.unit.uuid, f"iv_{n}_type": i.intervention_type.code,
                            f"iv_{n}_description": i.description, f"iv_{n}_starts_on": i.starts_on,
                            f"iv_{n}_ends_on": i.ends_on})  # fmt: skip
        for n, m in enumerate(sip.other_measures.all()[:MEASURE_ROWS]):
            initial.update({f"m_{n}_by": m.by, f"m_{n}_description": m.description})
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(INTERVENTION_ROWS):
            row = [data.get(f"iv_{n}_{k}") for k in ("unit", "type", "description", "starts_on", "ends_on")]
            if any(row) and not all(row[:2]) or (any(row) and row[3] is None):
                self.add_error(f"iv_{n}_unit", _("Intervention %(n)d: give the unit, the type and the start date.")
                               % {"n": n + 1})  # fmt: skip
        for n in range(MEASURE_ROWS):
            if bool(data.get(f"m_{n}_by")) != bool(data.get(f"m_{n}_description")):
                self.add_error(f"m_{n}_by", _("Measure %(n)d: say who does what.") % {"n": n + 1})
        return data

    def plan(self) -> PlanInput:
        d = self.cleaned_data
        goals = [GoalInput(d[f"goal_{n}_term"] or GoalTerm.SHORT, d[f"goal_{n}_text"], d[f"goal_{n}_own_words"])
                 for n in range(GOAL_ROWS) if d.get(f"goal_{n}_text", "").strip()]  # fmt: skip
        interventions = [
            InterventionInput(d[f"iv_{n}_unit"], d[f"iv_{n}_type"], d[f"iv_{n}_description"], d[f"iv_{n}_starts_on"],
                              d[f"iv_{n}_ends_on"])
            for n in range(INTERVENTION_ROWS) if d.get(f"iv_{n}_unit") and d.get(f"iv_{n}_type")
        ]  # fmt: skip
        measures = [MeasureInput(d[f"m_{n}_by"], d[f"m_{n}_description"]) for n in range(MEASURE_ROWS)
                    if d.get(f"m_{n}_by")]  # fmt: skip
        return PlanInput(problem=d["problem"], goals=goals, interventions=interventions, other_measures=measures,
                         no_other_measures=d["no_other_measures"], overall_principal=d["overall_principal"],
                         coordinator=d["coordinator"], next_follow_up_on=d["next_follow_up_on"],
                         children_considered=d["children_considered"], child_perspective=d["child_perspective"],
                         violence_result=d["violence_result"], violence_note=d["violence_note"],
                         pregnancy=d["pregnancy"], target_groups=list(d["target_groups"]))  # fmt: skip


class AgreeForm(forms.Form):
    meeting: forms.ModelChoiceField = forms.ModelChoiceField(label=_("The meeting where the plan was agreed"),
                                                             queryset=Meeting.objects.none(),
                                                             to_field_name="uuid")  # fmt: skip

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = sip.meetings.all()  # type: ignore[attr-defined]
        self.fields["meeting"].label_from_instance = lambda m: timezone.localtime(m.starts_at).strftime(  # type: ignore[attr-defined]
            "%Y-%m-%d %H:%M"
        )


INDIVIDUAL = "individual"


class ConfirmForm(forms.Form):
    who = forms.ChoiceField(label=_("Who confirms"))
    confirmed = forms.ChoiceField(label=_("Confirmed the plan"), widget=forms.RadioSelect,
                                  choices=[("yes", _("Yes")), ("no", _("No"))])  # fmt: skip
    reason = _text(_("Why not (if not confirmed)"))

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {str(p.uuid): p for p in Participant.objects.filter(sip=sip, left_at=None)
                             .select_related("unit", "user", "relative")}  # fmt: skip
        choices = [
            (INDIVIDUAL, _("The individual")),
            *[(k, participant_label(p)) for k, p in self.participants.items()],
        ]
        self.fields["who"].choices = choices  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput(), initial=timezone.localdate)
    decision = forms.ChoiceField(label=_("Decision"), choices=FollowUpDecision.choices, widget=forms.RadioSelect)
    reason = _text(_("Reason for the decision"), required=True)
    next_follow_up_on = forms.DateField(label=_("Next follow-up (if the plan continues)"), required=False,
                                        widget=DateInput())  # fmt: skip

    def __init__(self, *args: Any, sip: Sip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = list(sip.goals.all())
        self.interventions = list(sip.interventions.select_related("intervention_type", "unit"))
        for g in self.goals:
            self.fields[f"goal_{g.pk}"] = forms.ChoiceField(label=_("Goal: %(goal)s") % {"goal": g.text},
                                                            choices=Outcome.choices)  # fmt: skip
        for i in self.interventions:
            self.fields[f"iv_{i.pk}"] = forms.ChoiceField(
                label=_("Intervention: %(type)s (%(unit)s)") % {"type": i.intervention_type.name, "unit": i.unit.name},
                choices=Outcome.choices)  # fmt: skip

    def outcomes(self) -> tuple[dict[int, str], dict[int, str]]:
        d = self.cleaned_data
        return ({g.pk: d[f"goal_{g.pk}"] for g in self.goals}, {i.pk: d[f"iv_{i.pk}"] for i in self.interventions})


class CloseForm(forms.Form):
    reason = _text(_("Reason for closing the plan"), required=True)
