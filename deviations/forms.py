from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PersonalDataCheckMixin
from deviations import rules
from deviations.models import (
    EARLIEST_DATE,
    SHORT_MAX,
    TEXT_MAX,
    ActionStatus,
    Agreement,
    Category,
    Report,
    SeatRole,
    Severity,
)
from organisations.models import Principal, PrincipalKind, Unit

TEXT_FIELDS = ("what_happened", "consequence", "improvement")
NOT_PERSONAL = _("Write it without anything that identifies the individual: no name, identity number or address.")


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": TEXT_MAX})


class ReportForm(PersonalDataCheckMixin, forms.Form):
    """The report (issue 11 §1). Fieldsets and legends come from the template."""

    draft = forms.UUIDField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    agreement = forms.ChoiceField(
        label=_("Agreement"),
        choices=Agreement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the agreement the deficiency falls under.")},
    )
    happened_on = forms.DateField(
        label=_("When it happened"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Not in the future, and not before 1 July 2013, when the written agreements began."),
        error_messages={"required": _("Give the day it happened."), "invalid": _("Give a date, e.g. 2026-03-14.")},
    )
    reporting_unit = forms.ModelChoiceField(
        label=_("Reporting unit"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("Your unit, where you work."),
        error_messages={"required": _("Choose your unit."), "invalid_choice": _("Choose a unit you work at.")},
    )
    counterpart_units = forms.ModelMultipleChoiceField(
        label=_("Counterpart unit or units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The unit or units whose part in the collaboration failed. Hold Ctrl (⌘) to choose more than one."),
        error_messages={"invalid_choice": _("Choose units from the list.")},
    )
    counterpart_principals = forms.ModelMultipleChoiceField(
        label=_("Or the counterpart principal, when you do not know the unit"),
        queryset=Principal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The case then goes to the local council, which finds who must answer."),
        error_messages={"invalid_choice": _("Choose principals from the list.")},
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the category that fits best.")},
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX,
        widget=_textarea(),
        help_text=NOT_PERSONAL,
        error_messages={"required": _("Describe what happened.")},
    )
    consequence = forms.CharField(
        label=_("Consequence for the individual"),
        max_length=TEXT_MAX,
        widget=_textarea(4),
        help_text=_("Describe it without identifying the individual: no name, identity number, age with place."),
        error_messages={"required": _("Describe the consequence for the individual.")},
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the severity.")},
    )
    improvement = forms.CharField(
        label=_("Suggested improvement"), max_length=TEXT_MAX, required=False, widget=_textarea(3)
    )
    anonymous = forms.BooleanField(
        label=_("Hide my name from the counterpart"),
        required=False,
        help_text=_("The counterpart sees your unit, not your name. The councils always see who reported."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_unit"].queryset = units  # type: ignore[attr-defined]
        active = Unit.objects.filter(is_active=True).select_related("principal").order_by("principal__name", "name")
        self.fields["counterpart_units"].queryset = active  # type: ignore[attr-defined]
        self.fields["counterpart_units"].label_from_instance = lambda u: f"{u.name} ({u.principal.name})"  # type: ignore[attr-defined]
        principals = Principal.objects.filter(
            is_active=True, kind__in=[PrincipalKind.MUNICIPALITY, PrincipalKind.REGION]
        )
        self.fields["counterpart_principals"].queryset = principals.order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["happened_on"].widget.attrs.update(
            {"min": EARLIEST_DATE.isoformat(), "max": timezone.localdate().isoformat()}
        )
        for name in TEXT_FIELDS:
            helptext = f"id_{name}_helptext " if self.fields[name].help_text else ""
            self.fields[name].widget.attrs["aria-describedby"] = f"{helptext}id_{name}-findings"

    def clean_happened_on(self) -> Any:
        value = self.cleaned_data["happened_on"]
        rules.check_happened_on(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if {"agreement", "reporting_unit"} <= data.keys():
            try:
                rules.check_parties(
                    agreement=data["agreement"],
                    reporting_unit=data["reporting_unit"],
                    counterpart_units=list(data.get("counterpart_units") or []),
                    counterpart_principals=list(data.get("counterpart_principals") or []),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data


class AnswerForm(PersonalDataCheckMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), empty_label=None, label=_("Answer for"))
    view = forms.CharField(
        label=_("Your view of what happened"),
        max_length=TEXT_MAX,
        widget=_textarea(),
        help_text=NOT_PERSONAL,
        error_messages={"required": _("Give your view of what happened.")},
    )
    measures = forms.CharField(
        label=_("Measures taken or planned"),
        max_length=TEXT_MAX,
        widget=_textarea(),
        help_text=NOT_PERSONAL,
        error_messages={"required": _("Say what your unit has done or will do.")},
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class DecisionForm(PersonalDataCheckMixin, forms.Form):
    text = forms.CharField(
        label=_("Decision and reasons"),
        max_length=TEXT_MAX,
        widget=_textarea(4),
        help_text=NOT_PERSONAL,
        error_messages={"required": _("Write the decision and its reasons.")},
    )


class CommentForm(PersonalDataCheckMixin, forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_MAX,
        widget=_textarea(3),
        help_text=NOT_PERSONAL,
        error_messages={"required": _("Write a comment.")},
    )


class ActionForm(PersonalDataCheckMixin, forms.Form):
    what = forms.CharField(
        label=_("What is to be done"),
        max_length=TEXT_MAX,
        widget=_textarea(3),
        error_messages={"required": _("Say what is to be done.")},
    )
    who = forms.CharField(
        label=_("Who is responsible"),
        max_length=SHORT_MAX,
        help_text=_("A role and unit, e.g. the unit manager at the addiction unit."),
        error_messages={"required": _("Say who is responsible.")},
    )
    due_on = forms.DateField(
        label=_("By when"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date it is due."), "invalid": _("Give a date, e.g. 2026-03-14.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=TEXT_MAX, required=False, widget=_textarea(3))
    reports = forms.ModelMultipleChoiceField(
        label=_("Cases the action comes from"),
        queryset=Report.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one case the action comes from."),
            "invalid_choice": _("Choose cases on the council's table."),
        },
    )

    def __init__(self, *args: Any, reports: QuerySet[Report], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = reports  # type: ignore[attr-defined]
        self.fields["reports"].label_from_instance = lambda r: f"{r.reference}: {r.get_category_display()}"  # type: ignore[attr-defined]


class SeatForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Member of staff"),
        queryset=None,  # type: ignore[arg-type]
        error_messages={
            "required": _("Choose who is to sit on the council."),
            "invalid_choice": _("Choose someone with the council member role."),
        },
    )
    seat_role = forms.ChoiceField(label=_("Seat"), choices=SeatRole.choices, initial=SeatRole.MEMBER)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]


class AnalysisFilter(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    agreement = forms.ChoiceField(label=_("Agreement"), required=False, choices=[("", _("All")), *Agreement.choices])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period must not be before its start."))
        return data
