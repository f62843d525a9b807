from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from accounts.models import User

# Which message goes with a link to choose a password: a first invitation, or an administrator's
# link for someone who has forgotten theirs.
MESSAGES = {"invitation": "accounts/email/invitation", "reset": "accounts/email/password_link"}


@task()
def invitation_send(*, user_id: int, base_url: str, language: str, kind: str = "invitation") -> None:
    """E-mail a member of staff a link to choose a password (allauth's reset link)."""
    user = User.objects.get(pk=user_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    prefix = MESSAGES[kind]
    with translation.override(language):
        context = {"user": user, "link": base_url.rstrip("/") + path}
        subject = render_to_string(f"{prefix}_subject.txt", context).strip()
        body = render_to_string(f"{prefix}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
