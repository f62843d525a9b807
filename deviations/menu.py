from django.utils.translation import gettext_lazy as _

from access.policy import deviation_may_report, is_staff_member
from core.menu import register
from deviations.selectors import scope_for


def _may_report(user: object) -> bool:
    return is_staff_member(user) and deviation_may_report(scope_for(user))


register("deviations", _("Deficiencies"), "deviations:index", order=40, visible=_may_report)
