from typing import Any

from django.conf import settings
from django.http import HttpRequest

from access.policy import can_administer_county, log_review_unit_ids, sees_personal_data


def product(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_MODE,
        "current_membership": getattr(request, "membership", None),
        "is_county_admin": bool(user and can_administer_county(user)),
        "sees_personal_data": bool(user and sees_personal_data(user)),
        "reviews_logs": bool(user and log_review_unit_ids(user)),
    }
