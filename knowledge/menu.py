"""The knowledge hub in the main menu (core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from access.policy import is_staff_member
from core.menu import register

register("knowledge", _("Knowledge"), "knowledge:list", order=80, visible=is_staff_member)
