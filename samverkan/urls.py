from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from accounts import views as account_views
from core import text_check
from core import views as core_views
from core.urls import app_urlpatterns
from organisations.views import principals, staff, staff_accounts, units

# The admin signs in through allauth, so its second factor and throttling apply there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("text-check/", text_check.text_check, name="text_check"),
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/<uuid:uuid>/", units.unit_detail, name="unit_detail"),
    path("units/<uuid:uuid>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<uuid:uuid>/contact/", units.unit_contact_edit, name="unit_contact_edit"),
    path("units/<uuid:uuid>/confirm/", units.unit_confirm, name="unit_confirm"),
    path("principals/", principals.principal_list, name="principal_list"),
    path("principals/new/", principals.principal_create, name="principal_create"),
    path("principals/<uuid:uuid>/", principals.principal_detail, name="principal_detail"),
    path("principals/<uuid:uuid>/edit/", principals.principal_edit, name="principal_edit"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/units/", staff.staff_unit_options, name="staff_unit_options"),
    path("staff/invite/", staff.staff_invite_view, name="staff_invite"),
    path("staff/invitations/", staff_accounts.staff_invitations, name="staff_invitations"),
    path("staff/<int:pk>/", staff_accounts.staff_person, name="staff_person"),
    path("staff/<int:pk>/password-link/", staff_accounts.staff_password_link, name="staff_password_link"),
    path("staff/<int:pk>/2fa/reset/", staff_accounts.staff_second_factor_reset, name="staff_second_factor_reset"),
    path("staff/<int:pk>/invitation/resend/", staff_accounts.staff_invitation_resend, name="staff_invitation_resend"),
    path("staff/<int:pk>/invitation/revoke/", staff_accounts.staff_invitation_revoke, name="staff_invitation_revoke"),
    path("staff/memberships/<int:pk>/role/", staff_accounts.staff_membership_role, name="staff_membership_role"),
    path("staff/memberships/<int:pk>/end/", staff_accounts.staff_membership_end, name="staff_membership_end"),
    path("membership/switch/", staff.membership_switch, name="membership_switch"),
    path("account/", account_views.account_settings, name="account_settings"),
    path("audit/accounts/", account_views.account_changes, name="account_changes"),
    path("api/v1/", include("api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Every app that sets url_prefix in its AppConfig (core.urls).
    *app_urlpatterns(),
]
