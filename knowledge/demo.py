"""Demo knowledge pages (core/demo_registry.py): treatment lines of the fictional Västernorrland
county, written by the demo process leader. Summaries in our own words after the county's
agreement (seeds/002) and the national guidelines; marked as demo text. One page has two versions
(to show "what changed"), one is staff-only, one is past its review date."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core import demo_registry
from knowledge.models import KnowledgePage, KnowledgeVersion, Visibility
from knowledge.services import PageContent, knowledge_page_create, knowledge_page_update
from organisations.roles import Role

ALCOHOL = "Alkohol: riskbruk, skadligt bruk och beroende hos vuxna"
ALCOHOL_V1 = """*Demotext för Samverkan, inte en gällande riktlinje.*

# Vem gör vad

- **Primärvården** upptäcker riskbruk tidigt: frågar om alkohol vid nybesök (AUDIT), ger kort rådgivning och
  behandlar okomplicerat skadligt bruk.
- **Beroendemottagningen** (regionen) utreder och behandlar beroende, ger abstinensbehandling och läkemedel.
- **Socialtjänsten** utreder behov av stöd, ger psykosocial behandling, boende och sysselsättning.

# Första kontakten

Den som söker hjälp ska få en tid inom två veckor. Ring den gemensamma mottagningen där den finns.

# Samordnad individuell plan

Behöver personen insatser från både kommunen och regionen erbjuds en SIP, med personens samtycke.
"""
ALCOHOL_V2 = (
    ALCOHOL_V1.replace(
        "Den som söker hjälp ska få en tid inom två veckor.",
        "Den som söker hjälp ska få en tid inom en vecka. Vid abstinens eller risk för abstinenskramper: "
        "ring 1177 eller beroendemottagningen samma dag.",
    )
    + """
# Anhöriga

Anhöriga erbjuds eget stöd, oavsett om den närstående själv söker hjälp.
"""
)

LARO = "Läkemedelsassisterad behandling vid opioidberoende: ansvar och samverkan"
LARO_BODY = """*Demotext för Samverkan, inte en gällande riktlinje.*

# Ansvar

| Insats | Ansvarig |
|---|---|
| Utredning och förskrivning | Regionen (beroendemottagningen) |
| Psykosocialt stöd, boende, sysselsättning | Kommunen (socialtjänsten) |
| Samordning | Gemensamt, genom SIP |

# Rutin vid utebliven dos

Beroendemottagningen kontaktar socialtjänsten samma dag om personen har samtyckt till det.
"""

GAMBLING = "Spel om pengar: stöd och behandling"
GAMBLING_BODY = """*Demotext för Samverkan, inte en gällande riktlinje.*

Sedan 2018 har kommunen och regionen ett gemensamt ansvar för spelproblem.

- Screening med PGSI vid misstanke.
- Behandling med KBT eller motiverande samtal.
- Stödlinjen för spelare: [020-81 91 00](tel:020819100).
"""


def _analyst() -> User | None:
    return User.objects.filter(username="demo.analyst").first()


@transaction.atomic
def load() -> int:
    author = _analyst()
    if author is None or KnowledgePage.objects.filter(title=ALCOHOL).exists():
        return 0
    today = timezone.localdate()
    everyone = [Role.SOCIAL_WORKER, Role.THERAPIST, Role.NURSE, Role.PHYSICIAN, Role.PSYCHOLOGIST]
    alcohol = knowledge_page_create(
        content=PageContent(ALCOHOL, ALCOHOL_V1, author, today + datetime.timedelta(days=300), everyone,
                            Visibility.PUBLIC, "Första versionen."),
        author=author,
    )  # fmt: skip
    knowledge_page_update(
        page=alcohol,
        content=PageContent(ALCOHOL, ALCOHOL_V2, author, today + datetime.timedelta(days=365), everyone,
                            Visibility.PUBLIC, "Kortare väntetid; anhörigas stöd."),
        author=author, base_version=1,
    )  # fmt: skip
    knowledge_page_create(
        content=PageContent(LARO, LARO_BODY, author, today + datetime.timedelta(days=200),
                            [Role.NURSE, Role.PHYSICIAN, Role.SOCIAL_WORKER], Visibility.STAFF, ""),
        author=author,
    )  # fmt: skip
    gambling = knowledge_page_create(
        content=PageContent(GAMBLING, GAMBLING_BODY, author, today + datetime.timedelta(days=30), [],
                            Visibility.PUBLIC, ""),
        author=author,
    )  # fmt: skip
    # Past its review date, as a page left alone too long would be (the form refuses a past date).
    KnowledgePage.objects.filter(pk=gambling.pk).update(review_by=today - datetime.timedelta(days=40))
    return KnowledgePage.objects.count() + KnowledgeVersion.objects.count()


# After the demo users (core/demo.py) exist.
demo_registry.register_loader("knowledge", load, order=40)
