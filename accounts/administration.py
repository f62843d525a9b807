"""What an administrator may do to someone else's account (issue 7, section 2).

Never set their password or see their second factor: only send a link to choose a password,
reset the second factor (the person sets a new one at the next sign-in), handle a pending
invitation, and change or end a membership. Each step is logged (accounts.audit_log, audit.signals)."""

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.audit_log import Event, account_event
from accounts.models import User
from accounts.tasks import invitation_send
from organisations.models import Membership
from organisations.roles import Role
from organisations.services import membership_end, membership_start


def pending_invitations() -> QuerySet[User]:
    """Invited staff who have not chosen a password or signed in yet."""
    return User.objects.filter(
        is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).order_by("last_name", "first_name", "id")


def _send(user: User, base_url: str, kind: str) -> None:
    language = get_language() or "sv"
    transaction.on_commit(
        lambda: invitation_send.enqueue(user_id=user.pk, base_url=base_url, language=language, kind=kind)
    )


def _pending(user: User) -> None:
    if not pending_invitations().filter(pk=user.pk).exists():
        raise ValidationError(_("This invitation is no longer pending: the person has signed in or it was revoked."))


@transaction.atomic
def invitation_resend(*, user: User, base_url: str) -> None:
    _pending(user)
    # A new unusable password changes the reset token, so the old link stops working.
    user.set_unusable_password()
    user.save(update_fields=["password"])
    account_event(user_id=user.pk, event=Event.INVITATION_RESENT)
    _send(user, base_url, "invitation")


@transaction.atomic
def invitation_revoke(*, user: User, acting_user: User) -> None:
    _pending(user)
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["password", "is_active"])
    for membership in Membership.objects.active().filter(user=user):
        membership_end(membership=membership, acting_user=acting_user)
    account_event(user_id=user.pk, event=Event.INVITATION_REVOKED)


@transaction.atomic
def password_reset_link_send(*, user: User, base_url: str) -> None:
    if not user.is_active:
        raise ValidationError(_("The account is closed: no link can be sent."))
    account_event(user_id=user.pk, event=Event.PASSWORD_RESET_SENT)
    _send(user, base_url, "reset")


@transaction.atomic
def second_factor_reset(*, user: User) -> int:
    """Remove every authenticator and end the person's sessions; returns how many were removed.

    accounts.middleware then sends the person to set up a new one at the next sign-in."""
    authenticators = list(Authenticator.objects.filter(user=user))
    if not authenticators:
        raise ValidationError(_("This person has no two-step verification to reset."))
    for authenticator in authenticators:
        authenticator.delete()
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    types = sorted({a.type for a in authenticators})
    account_event(user_id=user.pk, event=Event.SECOND_FACTOR_RESET, types=types, sessions_ended=len(sessions))
    return len(authenticators)


def _not_own(membership: Membership, acting_user: User) -> None:
    if membership.ended_at is not None:
        raise ValidationError(_("This membership has already ended."))
    if membership.user_id == acting_user.pk:
        # No one grants or takes away their own access (and cannot lock the county out by mistake).
        raise ValidationError(_("You cannot change your own membership; ask another administrator."))


@transaction.atomic
def membership_role_change(*, membership: Membership, role: Role, acting_user: User) -> Membership:
    """A new role at the same unit: the old membership ends and a new one starts (models.Membership)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _not_own(membership, acting_user)
    if membership.role == role:
        raise ValidationError({"role": _("The person already has this role at this unit.")})
    membership_end(membership=membership, acting_user=acting_user)
    return membership_start(user=membership.user, unit=membership.unit, role=role, acting_user=acting_user)


@transaction.atomic
def membership_close(*, membership: Membership, acting_user: User) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _not_own(membership, acting_user)
    return membership_end(membership=membership, acting_user=acting_user)
