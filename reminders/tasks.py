from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


@task()
def reminder_email_send(*, reminder_id: int) -> None:
    """E-mail a sent reminder to its user, or to everyone working at its unit, one message each.

    The message holds no personal data: the kind of reminder and a link into the product (an opaque
    address; the page behind it asks the access policy as always). Not its parameters, not the object."""
    from organisations.models import Membership
    from reminders.models import Reminder

    reminder = Reminder.objects.select_related("user", "content_type").get(pk=reminder_id)
    if reminder.cancelled_at is not None:
        return
    if reminder.user_id is not None:
        addresses = [reminder.user.email] if reminder.user.is_active and reminder.user.email else []  # type: ignore[union-attr]
    else:
        addresses = sorted(
            set(
                Membership.objects.active()
                .filter(unit=reminder.unit_id, user__is_active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
    link = settings.SITE_URL.rstrip("/") + (reminder.object_url() or reverse("home"))
    with translation.override(settings.LANGUAGE_CODE):
        context = {"kind": reminder.kind_label, "link": link, "due_at": reminder.due_at}
        subject = render_to_string("reminders/email_subject.txt", context).strip()
        body = render_to_string("reminders/email_message.txt", context)
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses])
