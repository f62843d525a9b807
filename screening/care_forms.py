"""The forms of the care pages. The instrument's form is built from its definition (one radio group
per item, the options' own points as values); whether the answers can be scored is decided by
screening.scoring alone, whose refusals are put next to the items they name."""

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organisations.models import Unit
from screening import checklists
from screening.definition import Definition
from screening.interviews import AREAS, KINDS, RATING_MAX, RATING_MIN
from screening.models_care import AdviceMethod, ChecklistSystem, Mode, Setting, Substance
from screening.scoring import ScoringRefused, score

SEX_CHOICES = (("female", _("Woman")), ("male", _("Man")), ("", _("Not given")))
OLDEST_DATE = datetime.timedelta(days=366)  # a result is recorded within a year of being given


class GiveForm(forms.Form):
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices, widget=forms.RadioSelect)
    mode = forms.ChoiceField(label=_("How it is filled in"), choices=Mode.choices, widget=forms.RadioSelect)
    given_on = forms.DateField(label=_("Date given"), widget=forms.DateInput(attrs={"type": "date"}))
    sex = forms.ChoiceField(
        label=_("Sex for the cut-offs"), choices=SEX_CHOICES, required=False, widget=forms.RadioSelect,
        help_text=_("The cut-offs differ for women and men; without it the zone may not be given."),
    )  # fmt: skip
    age = forms.IntegerField(label=_("Age (years)"), required=False, min_value=0, max_value=150)

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.item_names: list[str] = []
        for item in definition.items:
            name = f"item_{item.number}"
            self.item_names.append(name)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{item.number}. {item.text}",
                choices=[(str(o.points), str(o.text)) for o in item.options],
                coerce=int,
                required=False,  # a missing answer is judged by the scoring rules (skip rule or refused)
                widget=forms.RadioSelect,
            )
        self.score: Any = None

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.item_names]

    def setup_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("setting", "mode", "given_on", "sex", "age")]

    def answers(self) -> list[int | None]:
        return [self.cleaned_data.get(name) if self.cleaned_data.get(name) != "" else None for name in self.item_names]

    def clean_given_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if day < timezone.localdate() - OLDEST_DATE:
            raise forms.ValidationError(_("Record a result within a year of giving the instrument."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.score = score(self.definition, self.answers(), sex=data.get("sex") or None, age=data.get("age"))
        except ScoringRefused as refused:
            for error in refused.errors:
                self.add_error(self._field_of(error.field), error.message)
        return data

    def _field_of(self, field: str) -> str | None:
        if field.startswith("answers."):
            return self.item_names[int(field.split(".")[1])]
        return field if field in ("sex", "age") else None


class AdviceForm(forms.Form):
    brief_advice = forms.TypedChoiceField(
        label=_("Was brief advice given?"), choices=(("yes", _("Yes")), ("no", _("No"))),
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
    )  # fmt: skip
    method = forms.ChoiceField(label=_("Method"), choices=AdviceMethod.choices, required=False)
    refer_to: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Referral to a unit"), queryset=Unit.objects.none(), required=False, empty_label=_("No referral")
    )
    consent = forms.BooleanField(
        label=_("The individual consents to the referral"),
        required=False,
        help_text=_("With consent the receiving unit gets a task (without personal data)."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["refer_to"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("brief_advice") is False and data.get("method"):
            self.add_error("method", _("Name a method only when brief advice was given."))
        if data.get("consent") and not data.get("refer_to"):
            self.add_error("refer_to", _("Choose the unit the individual consents to be referred to."))
        return data


class ChecklistForm(forms.Form):
    system = forms.ChoiceField(label=_("Checklist"), choices=ChecklistSystem.choices, widget=forms.HiddenInput)
    substance = forms.ChoiceField(label=_("Substance (ICD-10)"), choices=Substance.choices)
    assessed_on = forms.DateField(label=_("Date assessed"), widget=forms.DateInput(attrs={"type": "date"}))
    criteria = forms.MultipleChoiceField(label=_("Criteria present"), required=False,
                                         widget=forms.CheckboxSelectMultiple)  # fmt: skip
    supervised_treatment = forms.BooleanField(
        label=_("The substance is taken only under appropriate medical supervision"), required=False,
        help_text=_("Then tolerance and withdrawal are not counted (DSM-5)."),
    )  # fmt: skip

    def __init__(self, *args: Any, system: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = checklists.SYSTEMS[system]
        self.rules = rules
        self.fields["system"].initial = system
        criteria = cast(forms.ChoiceField, self.fields["criteria"])
        criteria.choices = [(c.code, str(c.label)) for c in rules.criteria]
        criteria.help_text = str(rules.period)
        substance = cast(forms.ChoiceField, self.fields["substance"])
        if system == ChecklistSystem.DSM5_GAMBLING:
            substance.choices = [(Substance.F63_0.value, Substance.F63_0.label)]
        else:
            substance.choices = [c for c in Substance.choices if c[0] != Substance.F63_0]
        if not rules.not_counted_under_supervision:
            del self.fields["supervised_treatment"]

    def clean_system(self) -> str:
        if self.cleaned_data["system"] != self.rules.code:
            raise forms.ValidationError(_("Reload the page: the checklist changed."))
        return str(self.cleaned_data["system"])

    def clean_assessed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of interview"), choices=KINDS)
    done_on = forms.DateField(label=_("Date of the interview"), widget=forms.DateInput(attrs={"type": "date"}))
    interviewer: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Interviewer"), queryset=User.objects.none()
    )
    certification = forms.CharField(
        label=_("The interviewer's certification"), max_length=120,
        help_text=_("E.g. the course and year of the certified training."),
    )  # fmt: skip

    def __init__(self, *args: Any, instrument: str, interviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewer"].queryset = interviewers  # type: ignore[attr-defined]
        self.area_names: list[str] = []
        for code, label in AREAS[instrument]:
            name = f"area_{code}"
            self.area_names.append(name)
            self.fields[name] = forms.IntegerField(
                label=str(label), min_value=RATING_MIN, max_value=RATING_MAX, help_text=_("Severity 0–9")
            )

    def clean_done_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def area_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.area_names]

    def ratings(self) -> dict[str, int]:
        return {name.removeprefix("area_"): int(self.cleaned_data[name]) for name in self.area_names}


class CiteForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("SIP goal"), coerce=int, choices=())

    def __init__(self, *args: Any, goals: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goal"]).choices = goals
