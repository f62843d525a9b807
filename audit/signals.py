"""Audit entries for sign-in, sign-out, failed sign-in and every role or permission change
(security.md, "Logging and audit"). Credentials and typed usernames are never logged."""

from typing import Any

from allauth.mfa.signals import authentication_failed as second_factor_failed
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record
from organisations.models import Membership

User = get_user_model()
# The user fields that grant or take away access, and those that sign in or receive a reset link
# (who holds the account): a change to any of them is logged with old and new values.
USER_PERMISSION_FIELDS = ("is_active", "is_staff", "is_superuser", "email", "username")
_FLAG_DEFAULTS = {"is_active": True, "is_staff": False, "is_superuser": False}
MEMBERSHIP_FIELDS = ("user_id", "unit_id", "role", "ended_at")


def _own(user: Any) -> Actor:
    return Actor(user_id=user.pk, unit_id=None, role="")


@receiver(user_logged_in)
def sign_in_logged(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=_own(user), action=Action.SIGN_IN, ground=Ground.OWN_ACCOUNT, obj=user)


@receiver(user_logged_out)
def sign_out_logged(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:  # signing out without a session is not an event
        audit_record(actor=_own(user), action=Action.SIGN_OUT, ground=Ground.OWN_ACCOUNT, obj=user)


@receiver(user_login_failed)
def sign_in_failure_logged(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only whether the name matched an account: what was typed may be a password in the wrong field.
    typed = credentials.get("username") or credentials.get("email") or ""
    account = User.objects.filter(username=typed).first() or User.objects.filter(email__iexact=typed).first()
    audit_record(
        actor=Actor(user_id=account.pk if account else None, unit_id=None, role=""),
        action=Action.SIGN_IN_FAILED,
        ground=Ground.OWN_ACCOUNT,
        outcome=Outcome.DENIED,
        details={"known_account": account is not None},
    )


@receiver(second_factor_failed)
def second_factor_failure_logged(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(
        actor=_own(user),
        action=Action.SIGN_IN_FAILED,
        ground=Ground.OWN_ACCOUNT,
        outcome=Outcome.DENIED,
        details={"second_factor": str(authenticator.type), "reauthentication": bool(kwargs.get("reauthentication"))},
    )


def _touches(fields: tuple[str, ...], update_fields: Any) -> bool:
    # Saves that name their fields (e.g. last_login at every sign-in) need no comparison.
    return update_fields is None or bool(set(update_fields) & {f.removesuffix("_id") for f in fields} | set(fields))


def _values(instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {name: getattr(instance, name) for name in fields}
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def _remember_old(instance: Any, fields: tuple[str, ...]) -> None:
    old = type(instance).objects.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_old = _values(old, fields) if old is not None else {}


def _role_change(instance: Any, old: dict[str, Any], new: dict[str, Any]) -> None:
    if old == new:
        return
    changed = sorted(k for k in new.keys() | old.keys() if old.get(k) != new.get(k))
    audit_record(
        # A service that changes it says who acts, in which membership (organisations.services).
        actor=getattr(instance, "_audit_actor", None) or Actor.current(),
        action=Action.ROLE_CHANGE,
        ground=Ground.ADMINISTRATION,
        obj=instance,
        details={"old": {k: old.get(k) for k in changed}, "new": {k: new.get(k) for k in changed}},
    )


@receiver(pre_save, sender=Membership)
def membership_before(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _remember_old(instance, MEMBERSHIP_FIELDS)


@receiver(post_save, sender=Membership)
def membership_after(sender: Any, instance: Membership, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _role_change(instance, getattr(instance, "_audit_old", {}), _values(instance, MEMBERSHIP_FIELDS))


@receiver(post_delete, sender=Membership)
def membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    _role_change(instance, _values(instance, MEMBERSHIP_FIELDS), {})


@receiver(pre_save, sender=User)
def user_before(sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any) -> None:
    if not raw and _touches(USER_PERMISSION_FIELDS, update_fields):
        _remember_old(instance, USER_PERMISSION_FIELDS)


@receiver(post_save, sender=User)
def user_after(
    sender: Any, instance: Any, created: bool, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or not _touches(USER_PERMISSION_FIELDS, update_fields):
        return
    new = _values(instance, USER_PERMISSION_FIELDS)
    if created:
        # A new account: who holds it, and any flag that starts with more than the default.
        new = {k: v for k, v in new.items() if k not in _FLAG_DEFAULTS or v != _FLAG_DEFAULTS[k]}
    _role_change(instance, getattr(instance, "_audit_old", {}), new)


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def user_permissions_changed(sender: Any, instance: Any, action: str, pk_set: set | None, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = "groups" if sender is User.groups.through else "user_permissions"
    change = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    audit_record(
        actor=Actor.current(),
        action=Action.ROLE_CHANGE,
        ground=Ground.ADMINISTRATION,
        obj=instance if isinstance(instance, User) else None,
        details={field: {change: sorted(pk_set or [])}},
    )


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(sender: Any, instance: Any, action: str, pk_set: set | None, **kwargs: Any) -> None:
    # A group's permissions are those of everyone in it.
    if action not in {"post_add", "post_remove", "post_clear"} or not isinstance(instance, Group):
        return
    change = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    audit_record(
        actor=Actor.current(),
        action=Action.ROLE_CHANGE,
        ground=Ground.ADMINISTRATION,
        obj=instance,
        details={"permissions": {change: sorted(pk_set or [])}},
    )
