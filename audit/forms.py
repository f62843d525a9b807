import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.models import Ground, Outcome
from individuals.forms import DateInput, IdentityNumberField

SAMPLE_MAX = 500
COMMENT_MAX = 1000
# Long enough for a year's review at once, short enough that a count stays quick.
PERIOD_MAX_DAYS = 366
# The log holds nothing outside these years; and near the calendar's ends the period's arithmetic
# (30 days back, the day after) and the time zone overflow (a 500 before this check).
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)


def within_log_years(value: datetime.date) -> None:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()},
        )


class ReviewFilterForm(forms.Form):
    """Filters of the log review. Every field is optional; the period defaults to the last 30 days."""

    user = forms.ModelChoiceField(label=_("Staff member"), queryset=User.objects.none(), required=False,
                                  empty_label=_("All"))  # fmt: skip
    individual = forms.UUIDField(label=_("Individual"), required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput(), validators=[within_log_years])
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput(), validators=[within_log_years])
    ground = forms.ChoiceField(label=_("Ground"), required=False, choices=[("", _("All")), *Ground.choices])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("All")), *Outcome.choices])
    sample = forms.IntegerField(
        label=_("Random sample (number of entries)"),
        required=False,
        min_value=1,
        max_value=SAMPLE_MAX,
        help_text=_("Leave empty to list all entries of the period."),
    )
    seed = forms.IntegerField(
        label=_("Sample seed"), required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, unit_ids: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(memberships__unit_id__in=unit_ids).distinct().order_by("last_name", "first_name")
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_error("date_from") or self.has_error("date_to"):
            return data
        today = timezone.localdate()
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or date_to - datetime.timedelta(days=30)
        if date_from > date_to:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        elif (date_to - date_from).days > PERIOD_MAX_DAYS:
            self.add_error("date_from", _("Choose a period of at most one year."))
        data["date_from"], data["date_to"] = date_from, date_to
        return data


class ReviewMarkForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(label=_("Entries"), coerce=int, choices=())
    comment = forms.CharField(
        label=_("Comment"), max_length=COMMENT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, entry_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(i, i) for i in entry_ids]  # type: ignore[attr-defined]
        self.fields["entries"].error_messages = {
            "required": _("Choose at least one entry to mark as reviewed."),
            "invalid_choice": _("One of the chosen entries is not in your units' log. Reload the page and try again."),
        }


class ExtractFindForm(forms.Form):
    number = IdentityNumberField()


class SecrecyAssessmentForm(forms.Form):
    disclosure_allowed = forms.TypedChoiceField(
        label=_("Outcome of the secrecy assessment"),
        choices=[("yes", _("The extract may be handed out")), ("no", _("The extract may not be handed out"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reasoning = forms.CharField(label=_("Reasoning"), max_length=2000, widget=forms.Textarea)

    def clean_reasoning(self) -> str:
        text: str = self.cleaned_data["reasoning"]
        if not text.strip():
            raise ValidationError(_("Write the reasoning of the secrecy assessment."))
        return text
