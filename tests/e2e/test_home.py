import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_language_and_passes_axe(live_server, page, axe, screenshot_dir):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "つなぐ" in page.locator("h1").inner_text()
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/home-ja-desktop.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Connecting" in page.locator("h1").inner_text()
    assert serious_violations(axe, page) == []

    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_width(page), "the page scrolls sideways at 320 px"
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/home-en-phone.png", full_page=True)


def test_skip_link_moves_focus_to_the_main_content(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へスキップ")
    assert skip.evaluate("el => el === document.activeElement")
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_login_page_passes_axe_at_phone_width(live_server, page, axe):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/login/")
    assert fits_width(page)
    assert serious_violations(axe, page) == []
