"""Markdown is rendered, and nothing a writer puts in it can run in a reader's browser: a list of
known XSS payloads (OWASP's filter-evasion cheat sheet and friends), each checked for what must
not survive."""

from html.parser import HTMLParser

import pytest

from knowledge.rendering import TAGS, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div onclick="alert(1)">click</div>',
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    '<body onload="alert(1)">',
    '<input autofocus onfocus="alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">entities</a>',
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](file:///etc/passwd)",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "<a href='https://ok.example' target=_blank>new window</a>",
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example" style="position:fixed;top:0">overlay</a>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
]
ALLOWED_TAGS = set(TAGS)
SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:", "/", "#")


class Tags(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload: str) -> None:
    html = str(render_markdown(f"Text before.\n\n{payload}\n\nText after."))
    assert "Text before." in html
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, f"{payload!r} left <{tag}> in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{payload!r} left {name} in {html!r}"
            assert name in {"href", "title", "rel", "scope", "colspan", "rowspan", "start"}, (payload, name, html)
            if name == "href":
                link = "".join((value or "").split()).lower()
                assert link.startswith(SAFE_SCHEMES), f"{payload!r} left href={value!r}"


def test_only_safe_link_schemes_and_links_do_not_leak() -> None:
    html = str(render_markdown("[a](https://ok.example) [b](mailto:x@example.se) [c](tel:1177) [d](/hjalp/)"))
    assert 'href="https://ok.example"' in html
    assert 'href="mailto:x@example.se"' in html
    assert 'href="tel:1177"' in html
    assert 'href="/hjalp/"' in html
    assert html.count('rel="noopener noreferrer nofollow"') == 4


def test_markdown_is_rendered_with_headings_below_the_title() -> None:
    html = str(
        render_markdown("# Vem gör vad\n\n**fet** och *kursiv*\n\n- ett\n- två\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    )
    assert "<h2>Vem gör vad</h2>" in html, "# is h2: the page title is the h1"
    assert "<strong>fet</strong>" in html and "<em>kursiv</em>" in html
    assert "<ul>" in html and "<li>två</li>" in html
    assert "<th>a</th>" in html and "<td>2</td>" in html


def test_plain_text_is_escaped() -> None:
    html = str(render_markdown('5 < 6 & "citat" <b>fet</b>'))
    assert "5 &lt; 6 &amp;" in html
    assert "<b>fet</b>" in html
