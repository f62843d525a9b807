"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) keeps only what a guideline needs.

Process leaders write Markdown; nothing they write (or paste) may run in a reader's browser. Raw
HTML is left for nh3 to clean rather than escaped, so a pasted table still works; scripts, event
handlers, styles, frames, forms and any link that is not http(s), mailto or tel are removed."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "ins", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "caption",
}  # fmt: skip
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}  # noqa: E501
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    # h1 is the page's title: headings in the text start at h2 (# → h2), so the outline stays right.
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "def_list"], output_format="html")
    html = _shift_headings(html)
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def _shift_headings(html: str) -> str:
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(f"</h{level}>", f"</h{level + 1}>")
        html = html.replace(f"<h{level} ", f"<h{level + 1} ")
    return html
