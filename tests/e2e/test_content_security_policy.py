"""Under the Content-Security-Policy the browser blocks nothing the site needs: no CSP
violation on the pages that run scripts (htmx, the menu, live notifications, Swagger UI)."""

import pytest

from tests.helpers import make_event, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def collect_violations(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_public_pages_run_without_a_csp_violation(live_server, page, screenshot_dir):
    event = make_event(description="交流会 <!--<script> のご案内", online_url="https://x.example/")
    violations = collect_violations(page)
    for path in ["/", "/directory/", "/events/", "/events/calendar/", f"/events/{event.pk}/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert page.locator("main h1").count() == 1  # the hostile description blanked nothing
    page.screenshot(path=f"{screenshot_dir}/event-csp.png", full_page=True)
    assert violations == []


def test_the_api_docs_render_under_the_policy(live_server, page, screenshot_dir):
    violations = collect_violations(page)
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=30000)
    page.screenshot(path=f"{screenshot_dir}/api-docs.png")
    assert violations == []


def test_a_member_page_with_live_notifications_has_no_violation(
    live_server, page, chonaikai_owner, client
):
    sign_in(page.context, live_server.url, chonaikai_owner)
    violations = collect_violations(page)
    for path in ["/", "/notifications/", "/organizations/mine/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert violations == []
