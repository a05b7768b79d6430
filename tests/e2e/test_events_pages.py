"""Event pages in Chromium: axe (no serious or critical findings), 320 px width, screenshots."""

import pytest
from playwright.sync_api import expect

from events.services import registration_create
from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.e2e.threads import off_the_browser_loop
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(staff):
    from events.demo import seed_demo_events

    return seed_demo_events(by=staff)


def check(page, axe, shots, name):
    for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert fits_width(page), f"{name} scrolls sideways at {size['width']} px"
        assert serious_violations(axe, page) == [], name
        page.screenshot(path=f"{shots}/events-{name}-{label}.png", full_page=True)


def test_the_list_and_month_view_pass_axe_and_fit_a_phone(
    live_server, page, axe, screenshot_dir, demo
):
    page.goto(live_server.url + "/events/")
    assert page.locator("h1").inner_text() == "交流イベント"
    check(page, axe, screenshot_dir, "list")
    page.goto(live_server.url + f"/events/calendar/?month={demo[0].starts_at:%Y-%m}")
    check(page, axe, screenshot_dir, "month")


def test_filtering_the_list_updates_it_in_place(live_server, page, demo):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/events/")
    page.select_option("#id_ward", "izumi")
    # Locator waits, not wait_for_function: a string predicate is eval, which the CSP refuses.
    expect(page.locator("#event-results .card")).to_have_count(1)
    assert "泉区 地域づくり交流サロン" in page.locator("#event-results").inner_text()
    assert "ward=izumi" in page.url


def test_a_member_registers_from_the_event_page(
    live_server, page, axe, screenshot_dir, demo, npo, npo_editor
):
    event = demo[0]
    log_in(page, live_server, npo_editor)
    page.goto(live_server.url + f"/events/{event.pk}/")
    check(page, axe, screenshot_dir, "detail")
    page.set_viewport_size(PHONE)
    page.fill("#id_attendees", "2")
    page.fill("#id_attendee_names", "佐藤 花子\n鈴木 一郎")
    page.get_by_label("託児").check()
    page.get_by_role("button", name="申し込む").click()
    page.wait_for_load_state()
    assert "参加を受け付けました" in page.locator(".messages").inner_text()
    check(page, axe, screenshot_dir, "detail-registered")
    page.goto(live_server.url + "/events/mine/")
    check(page, axe, screenshot_dir, "mine")


def test_staff_desk_check_in_and_print(
    live_server, page, axe, screenshot_dir, demo, staff, npo, npo_editor, outsider
):
    event = demo[-1]  # eight seats
    group = off_the_browser_loop(
        registration_create, event=event, by=npo_editor, organization=npo, attendees=2,
        attendee_names="佐藤 花子\n鈴木 一郎", accommodations=["wheelchair"],
        accommodations_note="電動車椅子で来場",
    )  # fmt: skip
    off_the_browser_loop(registration_create, event=event, by=outsider)
    log_in(page, live_server, staff)
    page.goto(live_server.url + f"/events/{event.pk}/manage/")
    check(page, axe, screenshot_dir, "manage")
    page.set_viewport_size(DESKTOP)
    row = page.locator(f"#registration-{group.pk}")
    row.get_by_role("button", name="受付する").click()
    page.wait_for_selector(f"#registration-{group.pk} .status-ok")
    assert "受付済み" in row.inner_text()
    page.goto(live_server.url + f"/events/{event.pk}/attendees/print/")
    check(page, axe, screenshot_dir, "print")
    page.goto(live_server.url + f"/events/{event.pk}/invite/?ward=wakabayashi")
    check(page, axe, screenshot_dir, "invite")


def test_the_event_form_and_review_queue_pass_axe(
    live_server, page, axe, screenshot_dir, staff, demo
):
    log_in(page, live_server, staff)
    page.goto(live_server.url + "/events/new/")
    check(page, axe, screenshot_dir, "form")
    page.goto(live_server.url + "/events/review/")
    check(page, axe, screenshot_dir, "review")


def test_the_pages_read_in_english(live_server, page, axe, screenshot_dir, demo):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/events/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Exchange events"
    check(page, axe, screenshot_dir, "list-en")
    page.goto(live_server.url + f"/events/{demo[1].pk}/")
    assert "Capacity" in page.locator("main").inner_text()
    check(page, axe, screenshot_dir, "detail-en")
