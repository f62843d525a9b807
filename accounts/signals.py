from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def second_factor_proven_on_enrolment(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    # Enrolment requires a valid code from the new factor, so this session has used it; together
    # with the password just given, that is as fresh as a reauthentication (the recovery codes
    # shown next need one).
    record_authentication(request, user, "mfa", type=str(authenticator.type), enrolled=True, reauthenticated=True)
