"""Pages that make people work (issue 15, part 6), in the browser at phone and desktop width:
the progressive organization form, the paged suggestions, one current menu item, the phone
layouts of the directory and of an event."""

import pytest

from tests.e2e.conftest import DESKTOP, fits_width, serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


def _login(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "pw-tsunagu-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def _shoot(page, axe, screenshot_dir, name):
    """axe at both widths and a full-page screenshot of each (looked at by a person)."""
    for size, label in ((PHONE_390, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        if size is PHONE_390:
            assert fits_width(page), f"{name} scrolls sideways at 390 px"
        assert serious_violations(axe, page) == [], name
        page.screenshot(path=f"{screenshot_dir}/{name}-{label}.png", full_page=True)


def _height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_organization_form_shows_only_the_chosen_kinds_section(
    live_server, page, axe, screenshot_dir, outsider
):
    _login(page, live_server, outsider)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/organizations/new/")
    assert page.get_by_text("種類を選ぶと、その種類の項目が表示されます。").is_visible()
    assert not page.get_by_text("町内会・自治会の場合").is_visible()
    page.select_option("#id_kind", "neighborhood_association")
    assert page.get_by_text("町内会・自治会の場合").is_visible()
    assert page.get_by_label("世帯数").is_visible()
    for other in ("企業の場合", "NPO・市民活動団体の場合", "大学・学校の場合", "若者団体の場合"):
        assert not page.get_by_text(other).is_visible(), other
    assert page.locator("#id_member_count").is_disabled()  # not sent, not required
    _shoot(page, axe, screenshot_dir, "org-form-chonaikai")
    page.set_viewport_size(DESKTOP)
    assert _height(page) < 3000
    page.select_option("#id_kind", "company")
    assert page.get_by_text("企業の場合").is_visible()
    assert not page.get_by_text("町内会・自治会の場合").is_visible()


def test_without_javascript_the_organization_form_shows_every_section(
    live_server, browser, outsider
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _login(page, live_server, outsider)
    page.goto(live_server.url + "/organizations/new/")
    for heading in ("企業の場合", "町内会・自治会の場合", "若者団体の場合"):
        assert page.get_by_text(heading).is_visible(), heading
    assert not page.get_by_text("種類を選ぶと、その種類の項目が表示されます。").is_visible()
    context.close()
