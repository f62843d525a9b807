import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from knowledge.models import BODY_MAX, NOTE_MAX, TITLE_MAX, Visibility
from organisations.roles import Role

MAX_REVIEW_YEARS = 5


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class KnowledgePageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Markdown: # Heading, **bold**, *italic*, - lists, [link text](https://…), tables."),
    )
    owner = OwnerField(label=_("Owner"), queryset=User.objects.none(), empty_label=None)
    review_by = forms.DateField(
        label=_("Review by"), widget=DateInput(), help_text=_("When the page must next be reviewed.")
    )  # noqa: E501
    audience = forms.MultipleChoiceField(
        label=_("Who must know"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What changed"), max_length=NOTE_MAX, required=False, help_text=_("A line for the version history.")
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def clean_review_by(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["review_by"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("Give a review date from today on."))
        if value > today.replace(year=today.year + MAX_REVIEW_YEARS):
            raise forms.ValidationError(_("Give a review date at most five years ahead."))
        return value

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the page a title."))
        return title


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
