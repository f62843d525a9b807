from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from access.models import DisclosureGround, EmergencyReason
from accounts.models import User
from core.forms import errors_onto
from individuals.identity import IdentityNumber, parse_identity_number
from individuals.models import ConsentForm as ConsentFormKind
from individuals.models import ConsentGiver, ContactKind, Individual, Relative, RelativeKind
from organisations.models import Principal, PrincipalKind, Unit
from organisations.roles import Role


class IdentityNumberField(forms.CharField):
    """A personnummer, samordningsnummer or reservnummer; cleans to an IdentityNumber."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Personal identity number, coordination number or reserve number"))
        kwargs.setdefault("help_text", _("12 digits: YYYYMMDD-NNNN, or a reserve number such as 19850505-D002."))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        # No numeric keypad: a reserve number has a letter.
        self.widget.attrs.update({"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})

    def clean(self, value: Any) -> IdentityNumber:
        text = super().clean(value)
        try:
            return parse_identity_number(text)
        except ValidationError as exc:
            raise ValidationError(exc.messages, code=exc.code) from None


class FindForm(forms.Form):
    number = IdentityNumberField()


class RegisterForm(forms.Form):
    number = IdentityNumberField()
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"),
        queryset=Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True).order_by("name"),
        required=False,
        to_field_name="uuid",
    )
    contact_kind = forms.ChoiceField(label=_("Kind of contact at your unit"), choices=ContactKind.choices)


class TakeOnForm(forms.Form):
    """Taking on a person who is already registered: an explicit, confirmed step."""

    number = IdentityNumberField(widget=forms.HiddenInput)
    contact_kind = forms.ChoiceField(label=_("Kind of contact at your unit"), choices=ContactKind.choices)
    confirm = forms.BooleanField(
        label=_("I take this person on at my unit. I understand that this is flagged for my manager's review."),
        error_messages={"required": _("Confirm that you take the person on at your unit.")},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsentForm(forms.Form):
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices, widget=forms.RadioSelect)
    guardian_name = forms.CharField(label=_("Guardian's name (if a guardian gave it)"), max_length=200, required=False)
    for_sip = forms.BooleanField(label=_("To establish a coordinated individual plan (SIP)"), required=False)
    for_sharing = forms.BooleanField(label=_("To share information between the parties"), required=False)
    for_relatives = forms.BooleanField(label=_("To let the chosen relatives take part"), required=False)
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties (units)"),
        queryset=Unit.objects.filter(is_active=True).select_related("principal").order_by("name"),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    relatives = forms.ModelMultipleChoiceField(
        label=_("Relatives who may take part"),
        queryset=Relative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    form = forms.ChoiceField(label=_("How it was given"), choices=ConsentFormKind.choices, widget=forms.RadioSelect)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, individual: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relatives"].queryset = individual.relatives.all()  # type: ignore[attr-defined]


class RelativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation"), choices=RelativeKind.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    may_be_contacted = forms.BooleanField(label=_("May be contacted"), required=False)


class ChildForm(forms.Form):
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1990, max_value=2100)
    lives_with_individual = forms.BooleanField(label=_("Lives with the individual"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class IdentityChangeForm(forms.Form):
    number = IdentityNumberField(label=_("New personal identity number"))


class EmergencyForm(forms.Form):
    number = IdentityNumberField()
    reason = forms.ChoiceField(label=_("Reason"), choices=EmergencyReason.choices, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Explain the emergency"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BlockForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit whose information is blocked"), queryset=Unit.objects.none(),
                                  to_field_name="uuid")  # fmt: skip

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ProtectionForm(forms.Form):
    protected = forms.BooleanField(
        label=_("Protected identity (sekretessmarkering or skyddad folkbokföring)"),
        required=False,
        help_text=_("Address, phone and e-mail are then shown only to the staff named below."),
    )
    named_staff = forms.ModelMultipleChoiceField(
        label=_("Staff who may see the contact details"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among the staff listed: %(value)s is not one of them."),
            "invalid_pk_value": _("Choose among the staff listed: %(pk)s is not one of them."),
        },
    )

    def __init__(self, *args: Any, individual: Individual, **kwargs: Any) -> None:
        named = list(individual.protected_access.values_list("user_id", flat=True))
        kwargs.setdefault("initial", {"protected": individual.protected_identity, "named_staff": named})
        super().__init__(*args, **kwargs)
        # Staff in a care role at a unit where the individual is current: the ones who may need to reach them.
        units = individual.relations.filter(ended_on__isnull=True).values("unit_id")
        care_roles = [role for role in Role if role.sees_personal_data]
        staff = User.objects.filter(
            is_active=True,
            memberships__unit_id__in=units,
            memberships__ended_at__isnull=True,
            memberships__role__in=care_roles,
        )
        self.fields["named_staff"].queryset = staff.distinct().order_by("last_name", "first_name")  # type: ignore[attr-defined]
        self.fields["named_staff"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("protected") and data.get("named_staff"):
            self.add_error("named_staff", _("Name staff only when the identity is protected."))
        return data


def form_errors_from(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: the shared helper (core.forms.errors_onto)."""
    errors_onto(form, exc)


class DisclosureForm(forms.Form):
    legal_ground = forms.ChoiceField(
        label=_("Legal ground"), choices=DisclosureGround.choices, widget=forms.RadioSelect
    )
    recipient = forms.CharField(label=_("Recipient (authority or unit)"), max_length=200)
    assessment = forms.CharField(
        label=_("Assessment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why the disclosure is allowed without consent, and what is disclosed."),
    )  # fmt: skip


class MergeFindForm(forms.Form):
    number = IdentityNumberField(label=_("Number of the other record"))


class MergeChoiceForm(forms.Form):
    """Where the two records differ, the manager chooses which value the merged record keeps."""

    number = IdentityNumberField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked that the two records are the same person. Merge them."),
        error_messages={"required": _("Confirm that the two records are the same person.")},
    )

    LABELS = {
        "identity": _("Identity number"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "birth_date": _("Date of birth"),
        "legal_sex": _("Legal sex"),
        "municipality": _("Municipality of residence"),
        "address": _("Address"),
        "phone": _("Phone"),
        "email": _("E-mail"),
    }

    CONTACT = ("address", "phone", "email")

    def __init__(
        self, *args: Any, survivor: Individual, other: Individual, sees_contact: bool = True, **kwargs: Any
    ) -> None:
        from individuals.merge import differences

        super().__init__(*args, **kwargs)
        self.survivor, self.other = survivor, other
        # Contact details the manager may not see (protected identity) are neither shown nor chosen:
        # the survivor keeps its own, or takes the other's where it has none.
        self.masked = set() if sees_contact else set(self.CONTACT)
        self.differing = [name for name in differences(survivor, other) if name not in self.masked]
        for name in self.differing:
            self.fields[f"take_{name}"] = forms.ChoiceField(
                label=self.LABELS[name],
                choices=[("survivor", _("This record's")), ("other", _("The other record's"))],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which value to keep.")},
            )

    def rows(self) -> list[dict[str, Any]]:
        """Both records side by side, each chosen field once."""
        return [
            {"label": label, "survivor": self._shown(self.survivor, name), "other": self._shown(self.other, name),
             "field": self[f"take_{name}"] if name in self.differing else None}
            for name, label in self.LABELS.items()
        ]  # fmt: skip

    def _shown(self, individual: Individual, name: str) -> Any:
        if name in self.masked:
            return _("Protected identity: shown only to named staff.")
        return _shown(individual, name)

    def taken_from_other(self) -> set[str]:
        chosen = {name for name in self.differing if self.cleaned_data.get(f"take_{name}") == "other"}
        filled = {name for name in self.masked if not getattr(self.survivor, name) and getattr(self.other, name)}
        return chosen | filled


def _shown(individual: Individual, name: str) -> Any:
    if name == "identity":
        return individual.identity_display
    if name == "municipality":
        return individual.municipality.name if individual.municipality else ""
    if name == "legal_sex":
        return individual.get_legal_sex_display()
    return getattr(individual, name) or ""
