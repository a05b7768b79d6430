"""The suggestions page in Chromium: reasons readable, "not interested" in place (htmx),
accessible at desktop and 320 px, in Japanese and English."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.factories import OrganizationFactory, tag
from tests.helpers import sign_in
from tests.matching.conftest import directory, listing, university, vocabulary  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in_page(live_server, page, vocabulary, directory, chonaikai_owner):  # noqa: F811
    from matching.services import suggestions_rebuild

    youth = OrganizationFactory(
        kind="youth_group", name="仙台ユースまちづくり隊", ward=tag("area", "taihaku")
    )
    listing(youth, "offer", "youth-participation", title="若者の地域活動参加",
            description="夏祭りや行事の担い手として、高校生・大学生が参加します。")  # fmt: skip
    suggestions_rebuild()
    sign_in(page.context, live_server.url, chonaikai_owner)
    return page


def test_a_member_reads_suggestions_and_dismisses_one_in_place(
    live_server, signed_in_page, axe, screenshot_dir
):
    page = signed_in_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/suggestions/")
    assert page.locator("h1").inner_text() == "おすすめの連携先"
    names = page.locator(".suggestion-name").all_inner_texts()
    # Both texts speak of festival successors; young people joining (youth-participation) is
    # closer to a call for successors than a university's survey students, and Taihaku borders
    # Aoba: the youth group first, the same-ward university second.
    assert names == ["仙台ユースまちづくり隊", "東北みらい大学 地域連携研究室"]
    first = page.locator(".suggestion", has_text="東北みらい大学")
    assert (
        "貴団体の募集『夏祭りの担い手募集』に、東北みらい大学 地域連携研究室の提供"
        "『学生の地域調査・参加』が合っています" in first.inner_text()
    )
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/suggestions-ja-desktop.png", full_page=True)

    first.locator("summary").click()
    first.get_by_label("場所が遠い").check()
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/suggestions-dismiss-open.png", full_page=True)
    first.get_by_role("button", name="今後表示しない").click()
    page.get_by_role("status").filter(has_text="今後おすすめに表示しません").wait_for()
    names = page.locator(".suggestion-name").all_inner_texts()
    assert names == ["仙台ユースまちづくり隊"]


def test_the_suggestions_page_fits_a_phone_and_reads_in_english(
    live_server, signed_in_page, axe, screenshot_dir
):
    page = signed_in_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/suggestions/")
    assert fits_width(page), "the page scrolls sideways at 320 px"
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/suggestions-ja-phone.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Suggested partners"
    assert "Your need “夏祭りの担い手募集” meets" in page.locator(".suggestion").first.inner_text()
    assert fits_width(page)
    assert serious_violations(axe, page) == []
    page.screenshot(path=f"{screenshot_dir}/suggestions-en-phone.png", full_page=True)
