from django.utils.translation import gettext_lazy as _

from access.policy import is_staff_member
from core.menu import register

register("agreements", _("Agreements"), "agreements:agreement_list", order=65, visible=is_staff_member)
register("matrix", _("Who does what"), "agreements:matrix", order=66, visible=is_staff_member)
