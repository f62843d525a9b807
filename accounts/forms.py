from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.roles import Role


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("New role"),
        choices=Role.choices,
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )
