"""The SIP's pages in the benchmark (bench/pages.py; issue 9, "Performance"), each with and without its
audit entry. Run them beside the individual's page (individuals/bench_pages.py) to compare: the SIP
page's server time should stay within 1.5 times the individual page's."""

from accounts.models import User
from bench.pages import Page, bench_username, register, with_and_without_audit
from sip.access import sips_visible_to
from sip.models import ACTIVE_STATUSES


def _sip_pages(count: int = 50) -> list[str]:
    """Active SIPs the social worker's bench user may open (a unit of theirs takes part under the
    consent: sip/synthetic.py makes them), the first ``count`` by id."""
    user = User.objects.get(username=bench_username("social_worker"))
    sips = sips_visible_to(user).filter(status__in=list(ACTIVE_STATUSES)).order_by("pk")[:count]
    return [sip.get_absolute_url() for sip in sips]


register(
    *with_and_without_audit(
        Page(
            "sip_page",
            "A SIP's page: the five parts, participants, invitations, meetings, versions, follow-ups "
            "(50 active SIPs of the unit in turn; one audit entry)",
            _sip_pages,
            audited=True,
        )
    ),
    *with_and_without_audit(
        Page(
            "my_sips",
            "My SIPs: the unit's active SIPs, most urgent first (one audit entry naming the listed individuals)",
            lambda: ["/sip/"],
            audited=True,
        )
    ),
    order=30,
)
