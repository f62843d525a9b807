"""Staff accounts. No self-registration: an administrator invites (security.md, sign-in)."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.audit_log import Event, account_event
from accounts.models import User
from accounts.tasks import invitation_send
from organisations.models import Unit
from organisations.roles import Role
from organisations.services import membership_start


@transaction.atomic
def staff_invite(
    *,
    first_name: str,
    last_name: str,
    email: str,
    title: str,
    unit: Unit,
    role: Role,
    acting_user: User,
    base_url: str,
) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already a user with this e-mail address.")})
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip(), title=title)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    membership_start(user=user, unit=unit, role=role, acting_user=acting_user)
    account_event(user_id=user.pk, event=Event.INVITATION_SENT)
    language = get_language() or "sv"
    transaction.on_commit(lambda: invitation_send.enqueue(user_id=user.pk, base_url=base_url, language=language))
    return user
