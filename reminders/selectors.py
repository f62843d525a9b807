from typing import Any

from django.db.models import Q, QuerySet

from reminders.models import Reminder


def reminders_for_user(user: Any) -> QuerySet[Reminder]:
    """The sent, not cancelled reminders addressed to ``user`` or to a unit where the user works now,
    the oldest due first; the objects are fetched one query per kind of object (no N+1)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Reminder.objects.none()
    unit_ids = [m.unit_id for m in user.active_memberships]
    return (
        Reminder.objects.filter(sent_at__isnull=False, cancelled_at__isnull=True)
        .filter(Q(user=user) | Q(unit_id__in=unit_ids))
        .select_related("unit")
        .prefetch_related("target")
        .order_by("due_at", "pk")
    )
