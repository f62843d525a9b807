"""One set of rules for the guide's questions: the page shows this form, the API validates with it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import lazy_interpolated
from directory.questions import AGE_MAX, AGE_MIN, TOPICS, Concern, Urgency, Whom

AGE_RANGE = lazy_interpolated(_("Give an age between %(min)s and %(max)s."), {"min": AGE_MIN, "max": AGE_MAX})


class GuideForm(forms.Form):
    municipality = forms.ChoiceField(
        label=_("Which municipality do you live in?"),
        error_messages={
            "required": _("Choose a municipality."),
            "invalid_choice": _(
                "Unknown municipality code: give the SCB code (four digits) of a municipality in the county."
            ),  # noqa: E501
        },
    )
    age = forms.IntegerField(
        label=_("How old is the person it concerns?"),
        help_text=lazy_interpolated(_("In whole years, %(min)s–%(max)s."), {"min": AGE_MIN, "max": AGE_MAX}),
        error_messages={
            "required": _("Give the age in years."),
            "invalid": _("Give the age in whole years, e.g. 34."),
            "min_value": AGE_RANGE,
            "max_value": AGE_RANGE,
        },
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    whom = forms.ChoiceField(
        label=_("Whom does it concern?"),
        choices=Whom.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whom it concerns."),
            "invalid_choice": _("Choose one of the given answers."),
        },  # noqa: E501
    )
    concern = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[(c.value, c.label) for c in TOPICS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what it is about."),
            "invalid_choice": _("Choose one of the given answers."),
        },  # noqa: E501
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how urgent it is."),
            "invalid_choice": _("Choose one of the given answers."),
        },  # noqa: E501
    )

    def __init__(self, *args: Any, municipalities: list[tuple[str, str]], api: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Choose…")), *municipalities]  # type: ignore[attr-defined]
        if api:
            # The API's fixed contract: `concern` also takes "relative", and there is no `whom`.
            self.fields["concern"].choices = Concern.choices  # type: ignore[attr-defined]
            del self.fields["whom"]

    @property
    def whom_value(self) -> str:
        if "whom" in self.fields:
            return str(self.cleaned_data["whom"])
        return Whom.RELATIVE if self.cleaned_data["concern"] == Concern.RELATIVE else Whom.MYSELF
