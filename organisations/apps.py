from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from core import periodic
        from organisations.confirmation import kinds_register, units_remind_unconfirmed

        kinds_register()
        # Named to run before "reminders", which then sends what this scheduled in the same round.
        periodic.register("organisations_unit_confirmations", units_remind_unconfirmed)
