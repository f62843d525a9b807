"""The public guide in the benchmark (bench/pages.py): the page and its JSON, requested without a
session or cookies (persona "anonymous"), over the county's municipalities and a spread of
questions. Being anonymous and cached, they should serve more requests per second than the
signed-in floor."""

from itertools import cycle, islice, product
from urllib.parse import urlencode

from bench.pages import ANONYMOUS, Page, register
from organisations.models import Principal, PrincipalKind

AGES = (15, 34, 70)
CONCERNS = ("alcohol", "drugs", "gambling", "relative")
URGENCIES = ("emergency", "soon", "advice")
COUNT = 60


def _questions() -> list[dict[str, str]]:
    codes = list(
        Principal.objects.filter(kind=PrincipalKind.MUNICIPALITY, is_active=True)
        .order_by("municipality_code")
        .values_list("municipality_code", flat=True)
    )
    combos = product(AGES, CONCERNS, URGENCIES)
    return [
        {"municipality": code, "age": str(age), "concern": concern, "urgency": urgency}
        for code, (age, concern, urgency) in islice(zip(cycle(codes), combos, strict=False), COUNT)
    ]


def _page_paths() -> list[str]:
    paths = []
    for question in _questions():
        whom = "relative" if question["concern"] == "relative" else "myself"
        concern = "alcohol" if question["concern"] == "relative" else question["concern"]
        paths.append("/hjalp/?" + urlencode({**question, "whom": whom, "concern": concern}))
    return paths


def _api_paths() -> list[str]:
    return ["/api/v1/directory/guide?" + urlencode(question) for question in _questions()]


register(
    Page("guide_page", "Public guide: the answer page for a question (anonymous)", _page_paths, persona=ANONYMOUS),
    Page("guide_api", "Public guide as JSON (anonymous, rate-limited)", _api_paths, persona=ANONYMOUS),
    order=60,
)
