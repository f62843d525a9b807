from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.models import Principal, PrincipalKind, Service, Unit, UnitType
from organisations.roles import Role
from organisations.validators import normalise_organisation_number

SEARCH_MAX = 100


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, place or code"), max_length=SEARCH_MAX, required=False)
    principal = forms.ModelChoiceField(
        label=_("Principal"),
        queryset=Principal.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="uuid",
    )
    unit_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All")), *UnitType.choices])
    municipality = forms.ModelChoiceField(
        label=_("Serves municipality"),
        queryset=Principal.objects.none(),
        required=False,
        empty_label=_("All"),
        to_field_name="uuid",
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = Principal.objects.filter(is_active=True).order_by("kind", "name")  # type: ignore[attr-defined]
        self.fields["municipality"].queryset = Principal.objects.filter(  # type: ignore[attr-defined]
            is_active=True, kind=PrincipalKind.MUNICIPALITY
        ).order_by("name")


class PrincipalForm(forms.ModelForm):
    # People write organisation numbers with a dash (232100-0206); the model keeps the ten digits.
    organisation_number = forms.CharField(
        label=_("Organisation number"), max_length=13, required=False, help_text=_("Ten digits, NNNNNN-NNNN.")
    )

    class Meta:
        model = Principal
        fields = ["name", "kind", "municipality_code", "organisation_number", "is_active"]

    def clean_organisation_number(self) -> str:
        value = self.cleaned_data["organisation_number"].strip()
        return normalise_organisation_number(value) if value else ""


class UnitForm(forms.ModelForm):
    services = forms.ModelMultipleChoiceField(
        label=_("Services"), queryset=Service.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    serves_municipalities = forms.ModelMultipleChoiceField(
        label=_("Serves municipalities"),
        queryset=Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Unit
        fields = [
            "principal",
            "name",
            "code",
            "unit_type",
            "description",
            "services",
            "street_address",
            "postal_code",
            "city",
            "phone",
            "email",
            "opening_hours",
            "age_min",
            "age_max",
            "serves_municipalities",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StaffFilterForm(forms.Form):
    """The staff directory's filters. The unit is found by typing (a search-as-you-type field, not a
    list of every unit): ``unit_q`` is the text typed, ``unit`` the unit chosen from the results."""

    q = forms.CharField(label=_("Name or title"), max_length=SEARCH_MAX, required=False)
    unit_q = forms.CharField(
        label=_("Unit"),
        max_length=SEARCH_MAX,
        required=False,
        help_text=_("Type part of the unit's name, place or code."),
    )
    unit = forms.UUIDField(required=False, widget=forms.HiddenInput)


class UnitContactForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["how_to_refer", "whom_to_call"]
        widgets = {"how_to_refer": forms.Textarea(attrs={"rows": 5})}


class StaffInviteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Work e-mail"), max_length=254)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(is_active=True).order_by("name"), to_field_name="uuid"
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MembershipSwitchForm(forms.Form):
    membership = forms.IntegerField()
