"""The demo county's agreements (seed 002: Västernorrland's agreement on addiction care, 2014, and
the children's and young people's agreement MITTBUS it refers to) and the responsibility matrix
for its seven municipalities, on the demo units of core/demo.py.

The addiction agreement's content is the seed's (parties, adoption, target groups, special
interventions, collaboration bodies, dispute path); the dates of validity and follow-up are set
relative to the day the demo is loaded, so that the process leader's start page has something
to attend to. Units, phone numbers and the demo copy of the PDF are fictional."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agreements import services
from agreements.demo_pdf import demo_pdf
from agreements.models import Agreement, CollaborationBody, InterventionType, Level, Scope
from audit.services import Actor
from core import demo, demo_registry
from organisations.models import Principal, Unit, UnitType

ADDICTION = "Överenskommelse om samverkan inom missbruks- och beroendevården"
MITTBUS = "Överenskommelse om samarbete och samordning barn och unga – MITTBUS"

ADDICTION_TEXT: dict[str, Any] = {
    "summary": (
        "Kommunerna Härnösand, Kramfors, Sollefteå, Sundsvall, Timrå, Ånge och Örnsköldsvik samt hälso- och "
        "sjukvården i Västernorrlands län (primärvården, psykiatrisk och somatisk öppen- och slutenvård) om "
        "samarbete kring personer som missbrukar alkohol, narkotika, andra beroendeframkallande medel, läkemedel "
        "eller dopningsmedel (HSL, SoL 5 kap 9 a §). Syfte: arbeta utifrån länets gemensamma mål, förtydliga det "
        "egna och det gemensamma ansvaret, och utveckla övergripande samarbetsformer. Uppföljning sker årligen."
    ),
    "target_groups": "\n".join(
        [
            "Barn och unga",
            "Personer som varit eller är utsatta för våld",
            "Gravida kvinnor med riskbruk, missbruk och beroendeproblematik",
            "Personer med samsjuklighet (missbruk/beroende och psykiatrisk/somatisk sjukdom eller "
            "neuropsykiatrisk funktionsnedsättning)",
        ]
    ),
    "special_interventions": "\n".join(
        [
            "Förebyggande arbete (AUDIT/DUDIT och rådgivning vid nybesök)",
            "Samordnad individuell plan (SIP)",
            "Psykosocial behandling",
            "Abstinensbehandling",
            "Läkemedelsassisterad behandling för opiatberoende",
        ]
    ),
    "dispute_path": "\n".join(
        [
            "Tvisten löses i första hand i ordinarie linjeorganisation.",
            "Annars lyfts den till närmast övergripande ledningsnivå.",
            "Avvikelser som rör brister i samverkan dokumenteras i respektive huvudmans avvikelsesystem.",
            "Tvister av mer principiell karaktär lyfts till närmaste samverkansnivå "
            "(lokal samverkansgrupp, LokalKOLA, SocialKOLA).",
        ]
    ),
}

ADDICTION_BODIES = [
    ("SocialKOLA", Level.POLITICAL,
     "Samrådsgrupp på politisk nivå där regionen och länets sju kommuner är representerade."),
    ("Tjänstemannagruppen för SocialKOLA", Level.OFFICIAL,
     "Bereder ärenden till SocialKOLA; representanter från både kommun och region."),
    ("LokalKOLA", Level.LOCAL,
     "Lokala samverkansfrågor där politisk dialog behövs; de politiker och tjänstemän som frågan kräver."),
    ("Lokala samverkansgrupper", Level.LOCAL,
     "Verksamhetsföreträdare från båda huvudmännen i varje kommun."),
    ("Länsövergripande brukarråd", Level.OFFICIAL,
     "RSMH, Verdandi, Attention och KRIS: en resurs för att utveckla och följa upp missbruksvården."),
]  # fmt: skip

NOTES = {
    "withdrawal-treatment": "Hälso- och sjukvårdens ansvar; önskar personen vidare vård inleder socialtjänsten "
    "utredning utan dröjsmål.",
    "medication-assisted": "Ska finnas för alla som bedöms ha behov, oavsett hemkommun i länet.",
    "sip": "Upprättas när den enskilde behöver insatser från båda huvudmännen och samtycker.",
    "screening-brief-advice": "Vid nybesök i hälso- och sjukvården och socialtjänsten.",
}

# Which demo units provide which interventions (codes of agreements.InterventionType), for the
# municipalities each unit serves.
REGION_ADDICTION = ["withdrawal-treatment", "lvm-certificate", "drug-tests-medical", "dependence-treatment-medical",
                    "medication-assisted", "medication-dependence", "gambling-treatment"]  # fmt: skip
MUNICIPAL = ["outreach", "motivation-work", "social-treatment", "support-coordination", "housing-support",
             "employment-occupation", "psychosocial-support", "psychosocial-skills", "contact-person",
             "relatives-network", "compulsory-care", "sip", "gambling-treatment", "pregnancy-support"]  # fmt: skip
BY_UNIT_TYPE = {
    UnitType.ADDICTION_UNIT: REGION_ADDICTION + ["screening-brief-advice", "sip"],
    UnitType.PSYCHIATRY_OUTPATIENT: [
        "medical-investigation",
        "psychiatric-care",
        "psychotherapy",
        "risk-suicide-assessment",
        "sip",
    ],  # fmt: skip
    UnitType.PSYCHIATRY_INPATIENT: [
        "psychiatric-care",
        "withdrawal-treatment",
        "risk-suicide-assessment",
        "lvm-certificate",
    ],  # fmt: skip
    UnitType.PRIMARY_CARE: ["screening-brief-advice", "medical-investigation", "drug-tests-medical"],
    UnitType.MATERNITY_CARE: ["pregnancy-support", "screening-brief-advice"],
    UnitType.YOUTH_CLINIC: ["screening-brief-advice", "motivation-work", "psychosocial-support"],
    UnitType.JOINT_RECEPTION: [
        "screening-brief-advice",
        "sip",
        "motivation-work",
        "support-coordination",
        "relatives-network",
    ],  # fmt: skip
    UnitType.USER_ORGANISATION: ["relatives-network"],
    UnitType.ADULT_SOCIAL_SERVICES: MUNICIPAL,
}
BY_UNIT_NAME = {"Nordvård behandlingshem (fiktivt)": ["social-treatment", "housing-support"]}
MITTBUS_ROWS = {"psychosocial-support": "municipality", "relatives-network": "municipality", "sip": "joint",
                "psychiatric-care": "region", "risk-suicide-assessment": "region"}  # fmt: skip

REFER = {
    UnitType.ADULT_SOCIAL_SERVICES: (
        "Ring mottagningen eller skicka en skriftlig förfrågan via kommunens säkra "
        "e-post; ange samtycke, vad som är aktuellt och vem som är kontakt.",
        "Mottagningssekreterare vardagar 8–12 på enhetens nummer.",
    ),  # fmt: skip
    UnitType.ADDICTION_UNIT: (
        "Remiss från vårdcentral, psykiatri eller socialtjänst; egenanmälan går också bra.",
        "Sjuksköterska i telefon vardagar 8–10 på mottagningens nummer.",
    ),  # fmt: skip
    UnitType.JOINT_RECEPTION: (
        "Ingen remiss behövs: personen eller en kollega ringer det gemensamma numret.",
        "Mottagningens gemensamma nummer, vardagar 8–16.30.",
    ),  # fmt: skip
}


def load() -> int:
    if Agreement.objects.filter(title=ADDICTION).exists():
        return 0
    with transaction.atomic():
        return _load()


def _load() -> int:
    today = timezone.localdate()
    leader = User.objects.filter(username="demo.analyst").first()
    actor = Actor.for_membership(leader, leader.active_memberships[0] if leader else None) if leader else Actor.system()
    parties = list(Principal.objects.filter(name__in=[demo.REGION, *demo.MUNICIPALITIES]))
    addiction = services.agreement_save(
        agreement=Agreement(
            title=ADDICTION, scope=Scope.ADDICTION, adopted_on=datetime.date(2014, 2, 19),
            valid_from=datetime.date(2014, 3, 12), revision_due=today + datetime.timedelta(days=21),
            followed_up_on=today - datetime.timedelta(days=344), process_leader=leader, **ADDICTION_TEXT,
        ),
        parties=parties, actor=actor,
    )  # fmt: skip
    for order, (name, level, description) in enumerate(ADDICTION_BODIES):
        services.body_add(body=CollaborationBody(agreement=addiction, name=name, level=level,
                                                 description=description, order=order), actor=actor)  # fmt: skip
    mittbus = services.agreement_save(
        agreement=Agreement(
            title=MITTBUS, scope=Scope.CHILDREN, adopted_on=datetime.date(2013, 6, 1),
            valid_from=datetime.date(2013, 7, 1), valid_to=today + datetime.timedelta(days=60),
            revision_due=today + datetime.timedelta(days=150), process_leader=leader,
            summary="För barn och unga som har, eller riskerar att utveckla, psykisk ohälsa: hur samverkan sker "
            "mellan regionen och länets kommuner (datumen i demon är fiktiva).",
            target_groups="Barn och unga som har, eller riskerar att utveckla, psykisk ohälsa",
            dispute_path="Tvisten löses i ordinarie linjeorganisation.\nAnnars lyfts den till närmaste samverkansnivå.",
        ),
        parties=parties, actor=actor,
    )  # fmt: skip
    created = 2 + len(ADDICTION_BODIES) + _matrix(addiction, mittbus, actor)
    services.agreement_document_add(
        agreement=addiction,
        upload=SimpleUploadedFile("overenskommelse-missbruk-2014.pdf", demo_pdf([
            ADDICTION, "Västernorrland, antagen 2014-02-19 (Dnr 14LS352).",
            "Demoexemplar: inte det undertecknade originalet.",
        ]), content_type="application/pdf"),
        actor=actor,
    )  # fmt: skip
    return created + 1 + _contacts()


def _matrix(addiction: Agreement, mittbus: Agreement, actor: Actor) -> int:
    types = {t.code: t for t in InterventionType.objects.filter(is_active=True)}
    rows = {
        code: services.responsibility_set(
            agreement=addiction,
            intervention_type=t,
            responsible=t.responsibility,
            note=NOTES.get(code, ""),
            actor=actor,
        )  # fmt: skip
        for code, t in types.items()
    }
    created = len(rows)
    for code, responsible in MITTBUS_ROWS.items():
        if code in types:
            services.responsibility_set(agreement=mittbus, intervention_type=types[code], responsible=responsible,
                                        actor=actor)  # fmt: skip
            created += 1
    municipalities = set(Principal.objects.filter(name__in=demo.MUNICIPALITIES).values_list("pk", flat=True))
    units = Unit.objects.filter(name__in=[u.name for u in demo.UNITS]).prefetch_related("serves_municipalities")
    for unit in units:
        served = [m for m in unit.serves_municipalities.all() if m.pk in municipalities]
        for code in BY_UNIT_NAME.get(unit.name) or BY_UNIT_TYPE.get(UnitType(unit.unit_type)) or []:
            if code in rows and served:
                created += len(services.provision_set(responsibility=rows[code], unit=unit, municipalities=served,
                                                      actor=actor))  # fmt: skip
    return created


def _contacts() -> int:
    """How to refer and whom to call, for the demo units that have none yet."""
    changed = 0
    for unit in Unit.objects.filter(name__in=[u.name for u in demo.UNITS], how_to_refer=""):
        default = ("Remiss eller telefonkontakt med enheten.", "Enhetens nummer.")
        refer, call = REFER.get(UnitType(unit.unit_type), default)
        unit.how_to_refer, unit.whom_to_call = refer, call
        unit.save(update_fields=["how_to_refer", "whom_to_call"])
        changed += 1
    return changed


demo_registry.register_loader("agreements", load, order=30)
demo_registry.register_showcase("agreements", _("Agreements and who does what"), [
    _("Agreements: Västernorrland's agreement on addiction care (2014) and MITTBUS, with the responsibility matrix."),
    _("Sign in as demo.analyst: the start page lists the agreements to attend to; Who does what answers who "
      "provides an intervention in each municipality."),
], order=30)  # fmt: skip
