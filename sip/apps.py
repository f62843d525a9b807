from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SipConfig(AppConfig):
    name = "sip"
    verbose_name = _("Coordinated individual plans (SIP)")
    url_prefix = "sip/"  # core.urls mounts sip/urls.py here

    def ready(self) -> None:
        from dataclasses import replace

        from access import door
        from core import home_panels
        from deviations import sources
        from individuals import merge
        from sip import access, reminders
        from sip.models import Sip
        from sip.panel import panel_context
        from sip.sources import invitation_prefill

        # A merge moves the merged record's plans to the survivor (the plan is the person's).
        merge.register(Sip)
        door.register(
            door.Kind(
                name=access.KIND,
                object_type="sip.sip",
                load=access.load,
                individual_of=access.individual_of,
                decide=access.sip_grant,
                placeholder=access.placeholder,
                routes=(("sip/<uuid:uuid>", "uuid"), ("api/v1/sips/", "id")),
                example_key=access.example_key,
            )
        )
        # Starting a SIP is a step on the individual's record: the individual's own door and rule.
        door.register(replace(door.INDIVIDUAL, name="sip_start", routes=(("sip/new/", "uuid"),)))
        door.register(
            door.Kind(
                name="sip_invitation",
                object_type="sip.invitation",
                load=access.invitation_load,
                individual_of=access.invitation_individual,  # not a lambda: ready() may run twice
                decide=access.invitation_grant,
                placeholder=access.invitation_placeholder,
                routes=(("sip/invitations/", "uuid"),),
                example_key=access.invitation_example_key,
            )
        )
        sources.register("sip-invitation", invitation_prefill)
        reminders.register_kinds()
        home_panels.register("sip_invitations", template="sip/home_panel.html", context=panel_context, order=15)
