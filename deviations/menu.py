from typing import Any

from django.utils.translation import gettext_lazy as _

from access.policy import is_staff_member
from core.menu import register


def _works_somewhere(user: Any) -> bool:
    """Any member of staff may report (access.policy.deviation_may_report); no query beyond the
    memberships every page loads, since the menu is drawn on every page."""
    return is_staff_member(user) and bool(user.active_memberships)


register("deviations", _("Deficiencies"), "deviations:index", order=40, visible=_works_somewhere)
