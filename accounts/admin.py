"""The Django admin for users, for the few superusers (the county administrator works in the product).

No one sets another person's password here, and no page shows a second factor's secret, a
recovery code or a session key: an administrator can only send a link to choose a password or
reset the second factor (accounts.administration), and both are logged."""

from collections.abc import Callable
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialToken
from allauth.usersessions.models import UserSession
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.administration import password_reset_link_send, second_factor_reset
from accounts.models import User
from organisations.models import Membership

# allauth registers these with change pages that show the secret (TOTP, recovery-code seed),
# the session key or the identity provider's token: with any of them one could act as the person.
for _model in (Authenticator, UserSession, SocialToken):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["unit", "role", "started_at", "ended_at"]
    readonly_fields = ["started_at"]
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # The first fieldset without "password": its form links to the page that sets one.
    fieldsets = (
        (None, {"fields": ("username",)}),
        *BaseUserAdmin.fieldsets[1:],  # type: ignore[index]
        ("Samverkan", {"fields": ("title", "work_phone")}),
    )
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_demo"]
    readonly_fields = ["is_demo", "last_login", "date_joined"]
    inlines = [MembershipInline]
    actions = ["send_password_link", "reset_second_factor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Staff are invited in the product and choose their own password (accounts.services).
        return False

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        raise PermissionDenied

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields.pop("password", None)  # type: ignore[attr-defined]
        return form

    @admin.action(description=gettext_lazy("Send a link to choose a new password"))
    def send_password_link(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = self._each(request, queryset, lambda u: password_reset_link_send(user=u, base_url=_base(request)))
        self.message_user(request, _("Links sent: %(n)d.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Reset two-step verification"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = self._each(request, queryset, lambda u: second_factor_reset(user=u))
        self.message_user(request, _("Two-step verification reset: %(n)d.") % {"n": done}, messages.SUCCESS)

    def _each(self, request: HttpRequest, queryset: QuerySet[User], step: Callable[[User], Any]) -> int:
        """Runs the step for each selected user; a refusal is reported for that user, not a 500."""
        done = 0
        for user in queryset:
            try:
                step(user)
            except ValidationError as error:
                self.message_user(request, f"{user}: {' '.join(error.messages)}", messages.WARNING)
            else:
                done += 1
        return done


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")
