"""ASI and ADAD: the life areas an interviewer rates 0–9 (issue 10, item 7).

Both need certified training and their manuals are copyrighted: Samverkan records that an
interview was done, when, by whom (with the interviewer's certification) and the severity rating
per life area, never the question text. ASI (adults; Swedish version maintained by Socialstyrelsen)
has seven areas; ADAD (ages 13–21; Swedish translation held by SiS) has nine.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from screening.models_care import InterviewInstrument

RATING_MIN, RATING_MAX = 0, 9

AREAS: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    InterviewInstrument.ASI: (
        ("physical_health", _("Physical health")),
        ("work_support", _("Work and support")),
        ("alcohol", _("Alcohol")),
        ("drugs", _("Drugs")),
        ("legal", _("Legal situation")),
        ("family_social", _("Family and social relations")),
        ("mental_health", _("Mental health")),
    ),
    InterviewInstrument.ADAD: (
        ("physical_health", _("Physical health")),
        ("school", _("School")),
        ("work_support", _("Work and support")),
        ("social_relations", _("Social relations")),
        ("family", _("Family")),
        ("mental_health", _("Mental health")),
        ("criminality", _("Criminality")),
        ("alcohol", _("Alcohol")),
        ("drugs", _("Drugs")),
    ),
}

KINDS: tuple[tuple[str, str | Promise], ...] = (
    ("intake", _("Intake interview")),
    ("follow_up", _("Follow-up interview")),
)


def area_label(instrument: str, code: str) -> str:
    return str(dict(AREAS.get(instrument, ())).get(code, code))
