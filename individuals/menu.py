"""The individuals' entry in the main menu (core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from access.policy import sees_personal_data
from core.menu import register

register("individuals", _("Individuals"), "my_individuals", order=20, visible=sees_personal_data)
