"""HTML to PDF with weasyprint, fetching nothing: the page's CSS is inline and images are not used."""

from typing import Any

from django.utils.translation import gettext as _


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # A PDF of personal data must not make the server fetch anything (SSRF, leaks through URLs).
    raise ValueError(_("External resources are not allowed in PDFs."))


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is made

    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
