"""The matcher wired to introductions and events, in Chromium: the suggestions page with
"request an introduction" and events worth attending, and the curator's invite page with the
matcher's proposals. axe (no serious or critical findings), 320 px, Japanese and English."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.e2e.threads import off_the_browser_loop
from tests.helpers import publish_event, sign_in
from tests.matching.conftest import (  # noqa: F401
    directory,
    listing,
    university,
    vocabulary,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page, axe, shots, name):
    for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert fits_width(page), f"{name} scrolls sideways at {size['width']} px"
        assert serious_violations(axe, page) == [], name
        page.screenshot(path=f"{shots}/{name}-{label}.png", full_page=True)


@pytest.fixture
def world(vocabulary, directory, staff):  # noqa: F811
    from matching.services import suggestions_rebuild

    suggestions_rebuild()
    successors = off_the_browser_loop(
        publish_event, staff, "successors", "funding", title="地域の担い手づくり交流会"
    )
    return directory | {"event": successors}


def test_a_member_requests_an_introduction_from_a_suggestion_and_sees_events(
    live_server, page, axe, screenshot_dir, world, chonaikai_owner
):
    sign_in(page.context, live_server.url, chonaikai_owner)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/suggestions/")
    card = page.locator(".suggestion", has_text="東北みらい大学")
    button = card.get_by_role("link", name="「東北みらい大学 地域連携研究室」への紹介を依頼する")
    assert button.is_visible()
    events = page.locator(".event-suggestion")
    assert events.count() == 1
    assert (
        "貴団体の募集『夏祭りの担い手募集』に関わるテーマの催しです（どちらも『担い手・後継者』）"
        in events.inner_text()
    )
    check(page, axe, screenshot_dir, "wiring-suggestions-ja")

    page.set_viewport_size(DESKTOP)
    button.click()
    page.wait_for_load_state()
    assert "への紹介を依頼" in page.locator("h1").inner_text()
    page.get_by_label("メッセージ").fill("夏祭りの運営を一緒にしませんか。")
    page.get_by_role("button", name="紹介を依頼する").click()
    page.wait_for_load_state()
    from matching.introductions.models import Introduction

    intro = Introduction.objects.get()
    assert intro.suggestion_id is not None

    page.goto(live_server.url + "/suggestions/")
    card = page.locator(".suggestion", has_text="東北みらい大学")
    assert "紹介の手続き中です" in card.inner_text()
    assert card.get_by_role("link", name="への紹介を依頼する").count() == 0
    page.screenshot(path=f"{screenshot_dir}/wiring-suggestions-after-request.png", full_page=True)


def test_the_suggestions_page_reads_in_english(
    live_server, page, axe, screenshot_dir, world, chonaikai_owner
):
    sign_in(page.context, live_server.url, chonaikai_owner)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/suggestions/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Request an introduction to").first.is_visible()
    assert "Events worth attending" in page.content()
    assert "Its theme meets your need “" in page.content()
    check(page, axe, screenshot_dir, "wiring-suggestions-en")


def test_the_curator_invites_proposed_organizations_in_one_click(
    live_server, page, axe, screenshot_dir, world, staff
):
    from events.models import Invitation

    sign_in(page.context, live_server.url, staff)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + f"/events/{world['event'].pk}/invite/")
    proposals = page.locator(".proposal")
    assert proposals.count() == 3
    # The neighborhood association whose need the event's theme meets, with the reason quoting
    # its listing (its rank among the three is the matcher's business).
    chonaikai = proposals.filter(has_text="片平一丁目町内会")
    assert (
        "片平一丁目町内会の募集『夏祭りの担い手募集』が催しのテーマに合っています"
        "（どちらも『担い手・後継者』）" in chonaikai.inner_text()
    )
    check(page, axe, screenshot_dir, "wiring-invite-ja")

    page.set_viewport_size(DESKTOP)
    chonaikai.get_by_role("button", name="この団体を招待").click()
    page.wait_for_load_state()
    assert page.locator(".proposal").count() == 2
    assert list(Invitation.objects.values_list("organization__name", flat=True)) == [
        "片平一丁目町内会"
    ]
    page.get_by_role("button", name="おすすめの団体をすべて招待（2）").click()
    page.wait_for_load_state()
    assert Invitation.objects.count() == 3
    assert "いま招待をおすすめできる団体はありません" in page.content()
    page.screenshot(path=f"{screenshot_dir}/wiring-invite-after.png", full_page=True)


def test_the_invite_page_reads_in_english(live_server, page, axe, screenshot_dir, world, staff):
    sign_in(page.context, live_server.url, staff)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + f"/events/{world['event'].pk}/invite/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert "Suggested invitees" in page.content()
    assert (
        "片平一丁目町内会's need “夏祭りの担い手募集” meets the event's theme "
        "(both “Leaders and successors”)." in page.content()
    )
    check(page, axe, screenshot_dir, "wiring-invite-en")
