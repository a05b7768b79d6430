"""Pages that make people work (issue 15, part 6), in the browser at phone and desktop width:
the progressive organization form, the paged suggestions, one current menu item, the phone
layouts of the directory and of an event."""

import pytest

from tests.e2e.conftest import DESKTOP, fits_width, serious_violations
from tests.helpers import log_in, sign_in
from tests.matching.conftest import vocabulary  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


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
    log_in(page, live_server, outsider)
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
    assert _height(page) < 3000  # with every section shown it was 3,700 px
    page.set_viewport_size(PHONE_390)
    assert _height(page) < 3500
    page.select_option("#id_kind", "company")
    assert page.get_by_text("企業の場合").is_visible()
    assert not page.get_by_text("町内会・自治会の場合").is_visible()


def test_without_javascript_the_organization_form_shows_every_section(
    live_server, browser, outsider
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, outsider)
    page.goto(live_server.url + "/organizations/new/")
    for heading in ("企業の場合", "町内会・自治会の場合", "若者団体の場合"):
        assert page.get_by_text(heading).is_visible(), heading
    assert not page.get_by_text("種類を選ぶと、その種類の項目が表示されます。").is_visible()
    context.close()


@pytest.fixture
def busy_npo(vocabulary, npo):  # noqa: F811
    """As in tests/matching/test_suggestions_paged.py: sixteen partners, three of them two-way."""
    from matching.services import suggestions_rebuild
    from tests.factories import OrganizationFactory, tag
    from tests.matching.conftest import listing

    wards = ["aoba", "miyagino", "wakabayashi", "taihaku", "izumi"]
    listing(npo, "need", "volunteers", title="子ども食堂の配膳ボランティア")
    listing(npo, "offer", "venue", title="調理室をお貸しします")
    for i in range(16):
        org = OrganizationFactory(
            kind="company" if i < 4 else "university", name=f"協力団体{i:02d}",
            name_kana=f"キョウリョクダンタイ{i:02d}",
            ward=tag("area", "izumi" if i < 3 else wards[i % 4]),
        )  # fmt: skip
        listing(org, "offer", "volunteers", title=f"ボランティア派遣{i:02d}")
        if i < 3:
            listing(org, "need", "venue", title=f"会場を探しています{i:02d}")
    suggestions_rebuild()
    return npo


def test_suggestions_come_in_pages_and_filter_by_keyboard(
    live_server, page, axe, screenshot_dir, busy_npo, npo_editor
):
    sign_in(page.context, live_server.url, npo_editor)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/suggestions/")
    assert page.locator(".suggestion").count() == 8
    _shoot(page, axe, screenshot_dir, "suggestions")
    # On a phone the filters fold away: the first suggestion is in the first screen.
    page.set_viewport_size(PHONE_390)
    page.reload()
    assert page.locator("details.suggestion-filters").get_attribute("open") is None
    assert page.locator(".suggestion").first.bounding_box()["y"] < PHONE_390["height"] - 200
    page.screenshot(path=f"{screenshot_dir}/suggestions-first-screen-phone.png")
    page.locator(".pagination").scroll_into_view_if_needed()
    page.screenshot(path=f"{screenshot_dir}/suggestions-paging-phone.png")
    page.set_viewport_size(DESKTOP)
    page.reload()
    nav = page.get_by_role("navigation", name="ページ送り")
    nav.get_by_role("link", name="次へ").click()
    page.wait_for_load_state()
    assert "page=2" in page.url
    # The filter form is a plain GET form: each control takes focus, Enter sends it.
    page.locator("#id_kind").focus()
    page.select_option("#id_kind", "company")
    page.locator("#id_mutual").focus()
    page.select_option("#id_mutual", "true")
    page.get_by_role("button", name="しぼりこむ").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**kind=company**")
    assert "kind=company" in page.url
    assert "mutual=true" in page.url
    assert "page=" not in page.url  # a new filter starts at the first page
    names = sorted(page.locator(".suggestion-name").all_inner_texts())
    assert names == ["協力団体00", "協力団体01", "協力団体02"]
    _shoot(page, axe, screenshot_dir, "suggestions-filtered")


def test_on_a_phone_the_directory_results_come_before_the_filters_after_a_search(
    live_server, browser, page, npo, chonaikai, company
):
    from profiles.services.reindex import organization_reindex

    for org in (npo, chonaikai, company):
        organization_reindex(organization=org)
    # Without JavaScript: the page a search returns has the panel closed (saying how many
    # conditions it holds).
    context = browser.new_context(java_script_enabled=False, viewport=PHONE_390)
    plain = context.new_page()
    plain.goto(live_server.url + "/directory/?kind=npo&ward=wakabayashi")
    assert plain.locator("details.filters").get_attribute("open") is None
    assert "2件の条件を指定中" in plain.locator("details.filters summary").inner_text()
    # Nothing found: the panel stays open to change the conditions.
    plain.goto(live_server.url + "/directory/?kind=university")
    assert plain.locator("details.filters").get_attribute("open") is not None
    context.close()
    # With JavaScript (the menu folded): a shared search link shows its results first.
    page.set_viewport_size(PHONE_390)
    page.goto(live_server.url + "/directory/?kind=npo&ward=wakabayashi")
    assert page.locator("#results .card").first.bounding_box()["y"] < PHONE_390["height"]
    # A search sent with the button closes the panel when the results arrive.
    page.goto(live_server.url + "/directory/")
    page.get_by_text("条件でしぼりこむ").click()
    page.select_option("#id_kind", "npo")
    page.get_by_role("button", name="検索").click()
    page.wait_for_url("**kind=npo**")
    expect_closed = page.locator("details.filters:not([open])")
    expect_closed.wait_for()
    assert page.locator("#results .card").first.bounding_box()["y"] < PHONE_390["height"]


def test_an_events_main_action_is_in_the_first_screen_of_a_phone(
    live_server, page, axe, screenshot_dir, staff, npo, npo_editor
):
    from events.demo import seed_demo_events

    event = seed_demo_events(by=staff)[0]
    sign_in(page.context, live_server.url, npo_editor)
    page.set_viewport_size(PHONE_390)
    page.goto(live_server.url + f"/events/{event.pk}/")
    jump = page.get_by_role("link", name="申し込む")
    box = jump.bounding_box()
    assert box["y"] + box["height"] <= PHONE_390["height"]
    page.screenshot(path=f"{screenshot_dir}/event-first-screen-phone.png")
    jump.click()
    submit = page.get_by_role("button", name="申し込む")
    assert page.locator("#register").bounding_box()["y"] < PHONE_390["height"]
    submit.scroll_into_view_if_needed()
    _shoot(page, axe, screenshot_dir, "event-detail")
