"""The county's starting list of intervention types: seed 004's "principiell ansvarsfördelning"
(1.3), the region's and the municipality's responsibilities for people with risky use, abuse and
dependence, plus the joint ones the agreements (seed 002) name. Loaded by a data migration; a county
edits and extends the list in the product."""

from typing import Any

REGION, MUNICIPALITY, JOINT = "region", "municipality", "joint"

# fmt: off
INTERVENTION_TYPES: list[tuple[str, str, str, str]] = [  # noqa: E501
    # code, Swedish, English, responsible principal
    ("withdrawal-treatment", "Abstinensbehandling i öppen- och slutenvård", "Withdrawal treatment, outpatient and inpatient", REGION),  # noqa: E501
    ("lvm-certificate", "LVM-läkarintyg", "Medical certificate for compulsory care (LVM)", REGION),
    ("drug-tests-medical", "Alkohol- och drogkontroller inom medicinsk behandling", "Alcohol and drug tests within medical treatment", REGION),  # noqa: E501
    ("medical-investigation", "Somatiska, psykologiska och psykiatriska utredningar", "Medical, psychological and psychiatric investigation", REGION),  # noqa: E501
    ("dependence-treatment-medical", "Utredning och behandling av beroendetillstånd", "Investigation and treatment of dependence", REGION),  # noqa: E501
    ("medication-assisted", "Läkemedelsassisterad behandling", "Medication-assisted treatment", REGION),
    ("psychiatric-care", "Psykiatrisk vård och behandling", "Psychiatric care and treatment", REGION),
    ("psychotherapy", "Psykoterapi", "Psychotherapy", REGION),
    ("risk-suicide-assessment", "Risk- och suicidbedömning", "Risk and suicide assessment", REGION),
    ("medication-dependence", "Medicinsk behandling av läkemedelsberoende", "Medical treatment of dependence on prescribed drugs", REGION),  # noqa: E501
    ("outreach", "Uppsökande verksamhet", "Outreach", MUNICIPALITY),
    ("motivation-work", "Motivationsarbete", "Motivation work", MUNICIPALITY),
    ("social-treatment", "Utredning, vård och behandling inom socialtjänsten", "Investigation, care and treatment in social services", MUNICIPALITY),  # noqa: E501
    ("support-coordination", "Samordning av stödinsatser", "Coordination of support", MUNICIPALITY),
    ("housing-support", "Boende och boendestöd", "Housing and housing support", MUNICIPALITY),
    ("employment-occupation", "Meningsfull sysselsättning", "Employment and occupation", MUNICIPALITY),
    ("psychosocial-support", "Socialt och psykosocialt stöd", "Social and psychosocial support", MUNICIPALITY),
    ("psychosocial-skills", "Träning av psykosociala färdigheter", "Training of psychosocial skills", MUNICIPALITY),
    ("contact-person", "Kontaktperson", "Contact person", MUNICIPALITY),
    ("relatives-network", "Anhörig- och nätverksarbete", "Relatives and network work", MUNICIPALITY),
    ("compulsory-care", "Tvångsvård enligt LVM och LVU", "Compulsory care under LVM and LVU", MUNICIPALITY),
    ("screening-brief-advice", "Screening (AUDIT/DUDIT) och rådgivande samtal", "Screening (AUDIT/DUDIT) and brief advice", JOINT),  # noqa: E501
    ("sip", "Samordnad individuell plan (SIP)", "Coordinated individual plan (SIP)", JOINT),
    ("gambling-treatment", "Behandling av spelberoende", "Treatment of gambling problems", JOINT),
    ("pregnancy-support", "Stöd till gravida och blivande föräldrar med missbruk", "Support for pregnant women and parents-to-be with substance use", JOINT),  # noqa: E501
]
# fmt: on


def load_intervention_types(model: Any) -> None:
    """Create the starting list's types that are missing (the data migration, and tests whose
    database was flushed: a live-server test empties every table after it)."""
    for order, (code, sv, en, responsibility) in enumerate(INTERVENTION_TYPES):
        defaults = {"name_sv": sv, "name_en": en, "responsibility": responsibility, "order": order * 10}
        model.objects.get_or_create(code=code, defaults=defaults)
