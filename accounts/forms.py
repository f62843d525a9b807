"""The accounts' forms, and allauth's as our pages show them."""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.roles import Role


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("New role"),
        choices=Role.choices,
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )


class _NoPlaceholders:
    """Without allauth's placeholders: the labels say it, in our words ("E-post"), and a placeholder
    that repeats the label only disappears when someone starts typing (WCAG 3.3.2)."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(_NoPlaceholders, AllauthLoginForm):
    pass


class ResetPasswordForm(_NoPlaceholders, AllauthResetPasswordForm):
    pass
