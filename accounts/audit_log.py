"""Audit entries for changes to an account's credentials: password, second factor, e-mail addresses.

Role, permission and membership changes are logged in audit.signals. Every entry here is a
ROLE_CHANGE on the account (object ``accounts.user``) whose ``details["event"]`` says what changed;
it never holds a password, a hash, a TOTP secret or a recovery code (security.md).
"""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_reset
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from audit.models import Action, Ground, Outcome
from audit.services import Actor, audit_record, request_var


class Event:
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_SENT = "password_reset_sent"
    SECOND_FACTOR_ADDED = "second_factor_added"
    SECOND_FACTOR_REMOVED = "second_factor_removed"
    SECOND_FACTOR_RESET = "second_factor_reset"
    RECOVERY_CODES_REGENERATED = "recovery_codes_regenerated"
    EMAIL_ADDRESS_CHANGED = "email_address_changed"
    INVITATION_SENT = "invitation_sent"
    INVITATION_RESENT = "invitation_resent"
    INVITATION_REVOKED = "invitation_revoked"


def account_event(*, user_id: int, event: str, actor: Actor | None = None, **details: Any) -> None:
    """Log one change to an account, by the current request's user unless ``actor`` is given."""
    actor = actor or Actor.current()
    own = actor.user_id is not None and actor.user_id == user_id
    audit_record(
        actor=actor,
        action=Action.ROLE_CHANGE,
        ground=Ground.OWN_ACCOUNT if own else Ground.ADMINISTRATION,
        object_type="accounts.user",
        object_id=str(user_id),
        details={"event": event, **details},
    )


def sign_in_throttled(*, account_id: int | None) -> None:
    """A sign-in refused by the throttle before any password was checked: logged like a failed
    sign-in, saying it was throttled, and (like it) without anything that was typed."""
    audit_record(
        actor=Actor(user_id=account_id, unit_id=None, role=""),
        action=Action.SIGN_IN_FAILED,
        ground=Ground.OWN_ACCOUNT,
        outcome=Outcome.DENIED,
        details={"known_account": account_id is not None, "throttled": True},
    )


@receiver(pre_save, sender=User)
def password_before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # set_password() keeps the raw password in _password until the save; a rehash at sign-in
    # (check_password's setter) clears it first, so only a real change is marked here.
    instance._audit_password_set = bool(not raw and instance.pk and getattr(instance, "_password", None) is not None)


@receiver(post_save, sender=User)
def password_after(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or created or not getattr(instance, "_audit_password_set", False):
        return
    instance._audit_password_set = False
    actor = Actor.current()
    if actor.user_id is None and request_var.get() is not None:
        # Signed out and setting a password: only the reset (or invitation) link does that, and
        # the link proves the person holds the account's e-mail.
        account_event(user_id=instance.pk, event=Event.PASSWORD_CHANGED, by="reset_link",
                      actor=Actor(user_id=instance.pk, unit_id=None, role=""))  # fmt: skip
        return
    by = "system" if actor.user_id is None else "self" if actor.user_id == instance.pk else "other"
    account_event(user_id=instance.pk, event=Event.PASSWORD_CHANGED, by=by, actor=actor)


@receiver(post_save, sender=Authenticator)
def authenticator_added(sender: Any, instance: Authenticator, created: bool, raw: bool = False, **kwargs: Any) -> None:
    # Later saves only mark a code as used or record the time of use.
    if created and not raw:
        account_event(user_id=instance.user_id, event=Event.SECOND_FACTOR_ADDED, type=instance.type)


@receiver(post_delete, sender=Authenticator)
def authenticator_removed(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    account_event(user_id=instance.user_id, event=Event.SECOND_FACTOR_REMOVED, type=instance.type)


@receiver(authenticator_reset)
def recovery_codes_regenerated(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    account_event(user_id=user.pk, event=Event.RECOVERY_CODES_REGENERATED)


def _address(instance: EmailAddress | None) -> dict[str, Any]:
    if instance is None:
        return {}
    return {"email": instance.email, "primary": instance.primary, "verified": instance.verified}


@receiver(pre_save, sender=EmailAddress)
def email_address_before(sender: Any, instance: EmailAddress, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        old = EmailAddress.objects.filter(pk=instance.pk).first() if instance.pk else None
        instance._audit_old = _address(old)


@receiver(post_save, sender=EmailAddress)
def email_address_saved(sender: Any, instance: EmailAddress, raw: bool = False, **kwargs: Any) -> None:
    old, new = getattr(instance, "_audit_old", {}), _address(instance)
    if raw or old == new:
        return
    # The address a reset link goes to: a change here could hand the account to someone else.
    account_event(user_id=instance.user_id, event=Event.EMAIL_ADDRESS_CHANGED, old=old, new=new)


@receiver(post_delete, sender=EmailAddress)
def email_address_deleted(sender: Any, instance: EmailAddress, **kwargs: Any) -> None:
    account_event(user_id=instance.user_id, event=Event.EMAIL_ADDRESS_CHANGED, old=_address(instance), new={})
