from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from access.policy import can_administer_county, log_review_unit_ids, sees_personal_data
from core import demo, menu


def product(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "current_membership": getattr(request, "membership", None),
        "is_county_admin": bool(user and can_administer_county(user)),
        "sees_personal_data": bool(user and sees_personal_data(user)),
        "reviews_logs": bool(user and log_review_unit_ids(user)),
        # Each app's entries (core/menu.py), computed only when a template shows the menu.
        "menu": SimpleLazyObject(lambda: menu.links(request)),
        "demo_guide": SimpleLazyObject(demo.guide) if settings.DEMO_MODE else None,
    }
