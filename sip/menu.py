"""The SIP's entry in the main menu (core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from access.policy import sees_personal_data
from core.menu import register

register("sip", _("My SIPs"), "sip:my_sips", order=25, visible=sees_personal_data)
