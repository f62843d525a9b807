from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements.models import AgreedResponsibility, Agreement, CollaborationBody, InterventionType, Responsibility
from organisations.models import Principal, PrincipalKind, Unit
from organisations.roles import Role

SEARCH_MAX = 100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AgreementForm(forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Principal.objects.none(),
        required=False,  # the service says what is missing, in its own words
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The principals that signed the agreement: at least two."),
    )

    class Meta:
        model = Agreement
        fields = [
            "title", "scope", "parties", "summary", "adopted_on", "valid_from", "valid_to", "revision_due",
            "process_leader", "target_groups", "special_interventions", "dispute_path",
        ]  # fmt: skip
        widgets = {
            "adopted_on": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "revision_due": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "target_groups": forms.Textarea(attrs={"rows": 5}),
            "special_interventions": forms.Textarea(attrs={"rows": 5}),
            "dispute_path": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = self.fields["parties"]
        assert isinstance(parties, forms.ModelMultipleChoiceField)
        parties.queryset = Principal.objects.filter(
            is_active=True, kind__in=[PrincipalKind.MUNICIPALITY, PrincipalKind.REGION]
        ).order_by("kind", "name")
        leader = self.fields["process_leader"]
        assert isinstance(leader, forms.ModelChoiceField)
        leader.queryset = (
            User.objects.filter(is_active=True, memberships__role=Role.ANALYST, memberships__ended_at__isnull=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        leader.label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[method-assign,assignment]


class BodyForm(forms.ModelForm):
    class Meta:
        model = CollaborationBody
        fields = ["name", "level", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ResponsibilityForm(forms.ModelForm):
    responsible = forms.ChoiceField(
        label=_("Responsible principal"), choices=[("", "—"), *Responsibility.choices], required=False
    )

    class Meta:
        model = AgreedResponsibility
        fields = ["intervention_type", "responsible", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["intervention_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = InterventionType.objects.filter(is_active=True)

    def validate_unique(self) -> None:
        pass  # a second row for the same intervention changes the first (agreements.services.responsibility_set)


class ProvisionForm(forms.Form):
    responsibility = forms.ModelChoiceField(label=_("Intervention"), queryset=AgreedResponsibility.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.filter(is_active=True).order_by("name"), to_field_name="uuid"
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("For people in"),
        queryset=Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to remove the unit from this intervention."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsibility"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agreement.responsibilities.select_related("intervention_type")  # type: ignore[attr-defined]
        field.label_from_instance = lambda row: str(row.intervention_type)  # type: ignore[method-assign,assignment]


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        help_text=_("The signed agreement as a PDF file."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Followed up on"), widget=DateInput())


class MatrixFilterForm(forms.Form):
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=Agreement.objects.order_by("title"), required=False, empty_label=_("All"),
        to_field_name="uuid",
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True).order_by("name"),
        required=False,
        empty_label=_("All"),
        to_field_name="uuid",
    )


class WhoDoesForm(forms.Form):
    """Who does X for a person in municipality Y?"""

    intervention = forms.ModelChoiceField(
        label=_("Intervention"), queryset=InterventionType.objects.filter(is_active=True), to_field_name="code",
        error_messages={"invalid_choice": _("Choose an intervention from the list."),
                        "required": _("Choose the intervention.")},
    )  # fmt: skip
    municipality = forms.ModelChoiceField(
        label=_("The person lives in"),
        queryset=Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True).order_by("name"),
        to_field_name="municipality_code",
        error_messages={"invalid_choice": _("Choose a municipality from the list."),
                        "required": _("Choose the municipality.")},
    )  # fmt: skip
