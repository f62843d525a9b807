"""The guide's questions and their answers' values, shared by the page and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _

AGE_MIN = 0
AGE_MAX = 120
CHILD_UNTIL = 18  # under 18: a child (Barnkonventionen, SoL's "barn")


class Concern(models.TextChoices):
    ALCOHOL = "alcohol", _("Alcohol")
    DRUGS = "drugs", _("Drugs")
    MEDICATION = "medication", _("Medicines (sleeping pills, painkillers, sedatives)")
    GAMBLING = "gambling", _("Gambling")
    PREGNANCY = "pregnancy", _("Alcohol or drugs during pregnancy")
    VIOLENCE = "violence", _("Violence or threats")
    # The API's way of saying "I am a relative" (the page asks whom it concerns separately).
    RELATIVE = "relative", _("I am a relative")


# What the page asks under "what is it about?" (the relative is asked under "whom").
TOPICS = [c for c in Concern if c is not Concern.RELATIVE]


class Whom(models.TextChoices):
    MYSELF = "myself", _("Myself")
    RELATIVE = "relative", _("Someone close to me (I am a relative)")
    CHILD = "child", _("A child or young person")


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", _("It is an emergency, right now")
    SOON = "soon", _("I need help soon")
    ADVICE = "advice", _("I want advice or to know more")
