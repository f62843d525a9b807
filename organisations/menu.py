"""The county's directory in the main menu (core/menu.py): units, principals, staff."""

from django.utils.translation import gettext_lazy as _

from access.policy import can_administer_county
from core.menu import register

register("units", _("Units"), "unit_list", order=40)
register("principals", _("Principals"), "principal_list", order=50)
register("staff", _("Staff directory"), "staff_list", order=60)
register("staff_invite", _("Invite staff"), "staff_invite", order=70, visible=can_administer_county)
