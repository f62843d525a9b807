"""The care records' registrations, called from ScreeningConfig.ready(): the door kinds, the merge
registry (every foreign key to Individual), the referral task's reminder kind."""

from dataclasses import replace


def ready() -> None:
    from access import door
    from individuals import merge
    from screening import care_access, care_services
    from screening.models_care import Checklist, Interview, Result

    # A merge moves the merged record's results, checklists and interviews to the survivor: they
    # are the person's history, kept together over time.
    merge.register(Result)
    merge.register(Checklist)
    merge.register(Interview)
    door.register(
        door.Kind(
            name=care_access.KIND,
            object_type="screening.result",
            load=care_access.load,
            individual_of=care_access.individual_of,
            decide=care_access.result_grant,
            placeholder=care_access.placeholder,
            routes=(("screening/results/", "uuid"), ("api/v1/screenings/", "result_id")),
            example_key=care_access.example_key,
        )
    )
    # Giving an instrument, recording a checklist or an interview: steps on the individual's record.
    door.register(replace(door.INDIVIDUAL, name="screening_give", routes=(("screening/give/", "uuid"),)))
    door.register(replace(door.INDIVIDUAL, name="screening_checklist", routes=(("screening/checklist/", "uuid"),)))
    # All of one instrument's results (the panel on the individual's page shows the newest).
    door.register(replace(door.INDIVIDUAL, name="screening_results", routes=(("screening/individual/", "uuid"),)))
    door.register(replace(door.INDIVIDUAL, name="screening_interview", routes=(("screening/interview/", "uuid"),)))
    care_services.register_reminder_kinds()
    menu()


def _manages_a_unit(user: object) -> bool:
    from access.policy import log_review_memberships

    return bool(log_review_memberships(user))


def menu() -> None:
    from django.utils.translation import gettext_lazy as _

    from core.menu import register

    register("screening_coverage", _("Screening coverage"), "screening:coverage", order=60, visible=_manages_a_unit)
