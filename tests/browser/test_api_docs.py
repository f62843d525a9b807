"""The API docs page under the real Content-Security-Policy (no bypass): swagger-ui from our own
static files draws the operations, the browser reports no CSP violation, and nothing is fetched
from outside the site."""

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_the_docs_page_works_offline_under_our_csp(browser: Browser, live_server, county) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, bypass_csp=False)
    page = context.new_page()
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        response = page.goto("/api/v1/docs")
        assert response is not None and response.status == 200
        page.wait_for_selector("#operations-units-units_list", timeout=15_000)
        assert page.locator(".swagger-ui .info .title").inner_text().startswith("Samverkan API")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    outside = [url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")]
    assert outside == [], outside
    assert f"{live_server.url}/api/v1/openapi.json" in requested
    assert problems == [], problems
