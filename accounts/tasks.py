from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from accounts.models import User


@task()
def invitation_send(*, user_id: int, base_url: str, language: str) -> None:
    """E-mail an invited member of staff a link to choose a password (allauth's reset link)."""
    user = User.objects.get(pk=user_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    with translation.override(language):
        context = {"user": user, "link": base_url.rstrip("/") + path}
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
