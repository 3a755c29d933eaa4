"""The API docs page works under the site's CSP, with every asset served by Tearspace."""

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_loads_everything_from_tearspace_with_no_csp_violation(
    live_server, page: Page
):
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    answer = page.goto(live_server.url + "/api/v1/docs")
    assert answer is not None
    assert answer.ok
    assert "Content-Security-Policy" in {key.title() for key in answer.headers}
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tearspace API")
    expect(page.locator(".opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    def ours(request: Request | str) -> bool:
        url = request if isinstance(request, str) else request.url
        return url.startswith((live_server.url + "/", "data:", "blob:"))

    assert [url for url in requests if not ours(url)] == []
    assert any(url.endswith("/static/ninja/swagger-ui-bundle.js") for url in requests)
    assert problems == []
    # Swagger UI skips its validator badge on localhost only; elsewhere it would fetch it from
    # validator.swagger.io, so it must be switched off for every host.
    settings = "JSON.parse(document.getElementById('swagger-settings').textContent)"
    assert page.evaluate(f"'validatorUrl' in {settings} && {settings}.validatorUrl === null")
