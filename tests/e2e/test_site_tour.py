"""The merged site in Chromium: the main menu at 320 px, and every main page (seeded with the
demo data) at phone and desktop width in Japanese and English — no sideways scrolling, no
serious axe finding, a screenshot of each."""

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.e2e.threads import off_the_browser_loop
from tests.helpers import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MENU = {"ja": "メニュー", "en": "Menu"}


@pytest.fixture
def demo():
    """The demo data: organizations, events, introductions (as `make run` loads them). Seeded
    off Playwright's event loop: notify() pushes over the channel layer with async_to_sync."""
    off_the_browser_loop(call_command, "seed_demo", stdout=io.StringIO())
    from events.models import Event
    from profiles.demo import DEMO_MEMBER, DEMO_STAFF
    from profiles.models import Organization, User

    return {
        "member": User.objects.get(email=DEMO_MEMBER[0]),
        "staff": User.objects.get(email=DEMO_STAFF[0]),
        "town": Organization.objects.get(external_id="demo-katahira1"),
        "partner": Organization.objects.get(external_id="demo-bosai-support"),
        "event": Event.objects.filter(status="published").order_by("starts_at").first(),
    }


# --- the main menu ------------------------------------------------------------------------------


def test_on_a_phone_the_menu_folds_into_one_row_and_opens_on_demand(
    live_server, page, axe, screenshot_dir, staff
):
    sign_in(page.context, live_server.url, staff, language="ja")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    events_link = page.locator(".site-nav").get_by_role("link", name="交流イベント")
    assert not events_link.is_visible()
    assert page.locator(".site-nav").get_by_role("link", name="お知らせ").is_visible()
    nav_height = page.locator(".site-nav").bounding_box()["height"]
    assert nav_height < 80, f"the folded menu is {nav_height}px tall"
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/site-menu-folded-phone.png")

    summary = page.locator(".nav-disclosure > summary")
    assert summary.inner_text().strip().endswith("メニュー")
    summary.click()
    assert events_link.is_visible()
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/site-menu-open-phone.png")
    events_link.click()
    page.wait_for_url("**/events/")


def test_the_menu_opens_from_the_keyboard(live_server, page, staff):
    sign_in(page.context, live_server.url, staff, language="ja")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    summary = page.locator(".nav-disclosure > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".site-nav").get_by_role("link", name="団体をさがす").is_visible()


def test_on_a_desktop_every_entry_shows_without_opening_anything(live_server, page, staff):
    sign_in(page.context, live_server.url, staff, language="ja")
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert not page.locator(".nav-disclosure > summary").is_visible()
    nav = page.locator(".site-nav")
    for name in ("ホーム", "団体をさがす", "交流イベント", "紹介・やりとり", "支援センター"):
        assert nav.get_by_role("link", name=name).is_visible(), name
    assert nav.bounding_box()["height"] < 80


def test_without_javascript_a_phone_still_shows_every_entry(
    live_server, browser, staff, screenshot_dir
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="ja-JP")
    try:
        page = context.new_page()
        sign_in(page.context, live_server.url, staff, language="ja")
        page.goto(live_server.url + "/")
        assert page.locator(".site-nav").get_by_role("link", name="交流イベント").is_visible()
        assert fits_width(page)
        page.screenshot(path=f"{screenshot_dir}/site-menu-nojs-phone.png")
    finally:
        context.close()


# --- every main page ----------------------------------------------------------------------------


def _pages(demo):
    event = demo["event"]
    return [
        ("home", "/"),
        ("suggestions", "/suggestions/"),
        ("directory", "/directory/"),
        ("organization", f"/organizations/{demo['partner'].pk}/"),
        ("my-organizations", "/organizations/mine/"),
        ("events", "/events/"),
        ("events-month", f"/events/calendar/?month={event.starts_at:%Y-%m}"),
        ("event", f"/events/{event.pk}/"),
        ("introductions", "/introductions/"),
        ("conversations", "/introductions/conversations/"),
        ("collaborations", "/introductions/collaborations/"),
        ("notifications", "/notifications/"),
        ("account", "/accounts/email/"),
        ("password", "/accounts/password/change/"),
    ]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_main_page_fits_a_phone_and_passes_axe(
    live_server, page, axe, screenshot_dir, demo, language
):
    sign_in(page.context, live_server.url, demo["member"], language=language)
    problems = []
    for name, path in _pages(demo):
        for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
            page.set_viewport_size(size)
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert page.locator("html").get_attribute("lang") == language, path
            if not fits_width(page):
                problems.append(f"{path} scrolls sideways at {size['width']} px")
            problems += [f"{path} {label}: {v}" for v in serious_violations(axe, page)]
            page.screenshot(
                path=f"{screenshot_dir}/tour-{language}-{name}-{label}.png", full_page=True
            )
    assert problems == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_the_sign_in_pages_fit_a_phone_in_english(live_server, page, axe, screenshot_dir, path):
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    summary = page.locator(".nav-disclosure > summary")
    assert summary.is_visible()
    assert summary.inner_text().strip().endswith(MENU["en"])
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/tour-en-{path.strip('/').replace('/', '-')}-phone.png")
