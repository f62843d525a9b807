"""Screening in the benchmark (bench/pages.py): the public scoring endpoint and the public
self-test, both anonymous and stateless, so they should serve at least the floor's rate."""

import json

from bench.pages import ANONYMOUS, Page, register


def _score_body() -> str:
    # A full AUDIT with a harmful-use result: every item read, the subscales and the zone computed.
    return json.dumps({"instrument": "audit", "answers": [3, 2, 2, 1, 1, 0, 1, 1, 2, 2], "sex": "male", "age": 45})


register(
    Page(
        "screening_score",
        "POST /api/v1/screening/score: AUDIT scored for sex and age (public, nothing stored)",
        lambda: ["/api/v1/screening/score"],
        persona=ANONYMOUS,
        method="POST",
        body=_score_body,
    ),
    Page(
        "screening_selftest",
        "The public self-test's AUDIT form (/hjalp/sjalvtest/audit/)",
        lambda: ["/hjalp/sjalvtest/audit/"],
        persona=ANONYMOUS,
    ),
    order=40,
)
