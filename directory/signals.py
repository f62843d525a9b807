"""Keep the guide's derived data and its cache in step with the units (directory.selectors caches
answers under a version that any change to a unit, its services, its municipalities, its
principal, its hours or its directions moves on)."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory import cache as guide_cache
from directory.models import OpeningPeriod, UnitDirections
from directory.services import unit_periods_sync
from organisations.models import Principal, Unit


def _unit_saved(sender: Any, instance: Unit, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    unit_periods_sync(unit=instance)
    transaction.on_commit(guide_cache.invalidate)


def _changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        transaction.on_commit(guide_cache.invalidate)


def connect() -> None:
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="directory_unit_saved")
    post_delete.connect(_changed, sender=Unit, dispatch_uid="directory_unit_deleted")
    for model in (Principal, OpeningPeriod, UnitDirections):
        post_save.connect(_changed, sender=model, dispatch_uid=f"directory_{model.__name__}_saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"directory_{model.__name__}_deleted")
    for through in (Unit.services.through, Unit.serves_municipalities.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"directory_{through.__name__}_changed")
