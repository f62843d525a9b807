"""The personal-data check in the benchmark (bench/pages.py): POST /api/v1/text-check on a text of
5 000 characters, as a deficiency report's longest field might be (issue 11, "Performance")."""

import json

from bench.pages import Page, register

TEXT_LENGTH = 5_000

# A report's prose with what the detector has to weigh: dates, a date range, case numbers, amounts,
# a phone number, a street address, and one fictional personnummer (Skatteverket's example).
_PARAGRAPH = (
    "Den 2024-01-15 kallades till SIP men regionens mottagning kom inte; nästa tid gavs först "
    "2024-03-04. Ärendet (Dnr 2024-0123, SN 2023/456) gällde perioden 20240101-20240331. "
    "Kostnaden uppgavs till 1 200 000 kr. Kontakt via växeln 060-12 34 56 eller Storgatan 12. "
    "Konsekvens: den enskilde fick vänta utan insats i sju veckor och skrevs ut utan planering. "
)


def text_check_body() -> str:
    paragraphs = (_PARAGRAPH * (TEXT_LENGTH // len(_PARAGRAPH) + 1))[: TEXT_LENGTH - 40]
    text = f"{paragraphs} Klientens nummer 19121212-1212 angavs."
    # ASCII JSON: the load generator may send a str body as Latin-1.
    return json.dumps({"text": text[:TEXT_LENGTH]})


register(
    Page(
        "text_check",
        "POST /api/v1/text-check on a 5 000-character text (the personal-data detector)",
        lambda: ["/api/v1/text-check"],
        method="POST",
        body=text_check_body,
    ),
    order=90,
)
