"""The user's own account in the main menu (core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from core.menu import register

register("account", _("My account"), "account_settings", order=90)
