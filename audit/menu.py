"""The log review's entry in the main menu (core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from access.policy import log_review_unit_ids
from core.menu import register

register("log_review", _("Log review"), "log_review", order=30, visible=lambda user: bool(log_review_unit_ids(user)))
