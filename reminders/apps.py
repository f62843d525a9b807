from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        from core import home_panels, periodic
        from reminders.panel import panel_context
        from reminders.services import reminders_send_due

        periodic.register("reminders", reminders_send_due)
        home_panels.register("reminders", template="reminders/home_panel.html", context=panel_context, order=10)
