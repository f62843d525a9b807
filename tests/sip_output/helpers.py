"""Helpers for the tests of the individual's copy and the SIP API."""

import datetime
import io

from django.utils import timezone
from pypdf import PdfReader

from sip import services
from sip.models import Meeting, Sip, SipVersion
from tests.personas import County
from tests.sip import world


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def agreed_sip(county: County, serial: int) -> tuple[Sip, SipVersion]:
    """A SIP with the five parts filled in, agreed at a held meeting (the world's plan)."""
    sip = world.full_sip(county, serial)
    by = world.actor(county.social_worker, county.adult_unit)
    plan = world.complete_plan(county, sip)
    sip = services.plan_save(sip=sip, revision=sip.revision, plan=plan, actor=by, ground="sip_consent")
    meeting = services.meeting_plan(sip=sip, starts_at=timezone.now() + datetime.timedelta(hours=1), mode="in_person",
                                    place="Storgatan 1", actor=by, ground="sip_consent")  # fmt: skip
    # The meeting took place: an hour passes (the service refuses to record a meeting before it starts).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    meeting.refresh_from_db()
    services.meeting_record(meeting=meeting, individual_attended=True, individual_words="Jag vill sova bättre.",
                            minutes="", attendees=[], actor=by, ground="sip_consent")  # fmt: skip
    sip.refresh_from_db()
    version = services.plan_agree(sip=sip, meeting=meeting, actor=by, ground="sip_consent")
    sip.refresh_from_db()
    return sip, version
