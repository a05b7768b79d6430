"""Browser tests of the directory and organization pages: axe, 320 px, htmx, screenshots."""

import pytest

from profiles.services.organizations import organization_create, organization_verify
from profiles.services.reindex import organization_reindex
from tests.e2e.conftest import DESKTOP, PHONE, fits_width, serious_violations
from tests.factories import ListingFactory, tag, tags
from tests.helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory_data(chonaikai, npo, company, staff):
    organization_verify(organization=npo, by=staff)
    ListingFactory(
        organization=npo, title="食材の寄付をお願いします", tags=tags("resource", "food")
    )
    ListingFactory(
        organization=chonaikai, kind="offer", title="集会所をお貸しします",
        tags=tags("resource", "venue"),
    )  # fmt: skip
    for org in (chonaikai, npo, company):
        organization_reindex(organization=org)
    return {"chonaikai": chonaikai, "npo": npo, "company": company}


def _check(page, axe, screenshot_dir, name):
    for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        page.reload()
        if size is PHONE:
            assert fits_width(page), f"{name} scrolls sideways at 320 px"
        assert serious_violations(axe, page) == [], name
        page.screenshot(path=f"{screenshot_dir}/profiles-{name}-{label}.png", full_page=True)


def test_directory_search_updates_in_place_and_passes_axe(
    live_server, page, axe, screenshot_dir, directory_data
):
    page.goto(live_server.url + "/directory/")
    _check(page, axe, screenshot_dir, "directory")
    page.fill("#id_q", "しょくどう")
    page.wait_for_url("**q=**")  # not wait_for_function: a string predicate is eval (CSP)
    results = page.locator("#results")
    results.get_by_text("1件の団体").wait_for()
    assert "杜の子ども食堂" in results.inner_text()
    assert "片平一丁目町内会" not in results.inner_text()
    assert page.locator("h1").count() == 1  # swapped in place, not a new page


def test_directory_filters_work_without_javascript(
    live_server, browser, directory_data, screenshot_dir
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/directory/")
    page.get_by_text("条件でしぼりこむ").click()
    page.select_option("#id_kind", "neighborhood_association")
    page.get_by_role("button", name="検索").click()
    page.wait_for_load_state()
    assert "kind=neighborhood_association" in page.url
    assert "片平一丁目町内会" in page.locator("#results").inner_text()
    assert "杜の子ども食堂" not in page.locator("#results").inner_text()
    context.close()


def test_public_organization_page_passes_axe_and_hides_contacts(
    live_server, page, axe, screenshot_dir, directory_data
):
    npo = directory_data["npo"]
    page.goto(f"{live_server.url}/organizations/{npo.pk}/")
    _check(page, axe, screenshot_dir, "org-public")
    assert npo.contact_email not in page.content()


def test_member_edits_profile_and_adds_a_need(
    live_server, page, axe, screenshot_dir, directory_data, chonaikai_owner
):
    org = directory_data["chonaikai"]
    log_in(page, live_server, chonaikai_owner)
    page.goto(f"{live_server.url}/organizations/{org.pk}/edit/")
    _check(page, axe, screenshot_dir, "org-edit")
    page.get_by_role("link", name="求めていることを追加").click()
    _check(page, axe, screenshot_dir, "listing-form")
    page.fill("#id_title", "夏祭りの担い手を募集")
    page.get_by_label("担い手・後継者").check()
    page.get_by_role("button", name="保存する").click()
    page.wait_for_load_state()
    assert "夏祭りの担い手を募集" in page.content()
    page.goto(f"{live_server.url}/organizations/{org.pk}/members/")
    _check(page, axe, screenshot_dir, "members")
    page.goto(f"{live_server.url}/organizations/mine/")
    _check(page, axe, screenshot_dir, "mine")


def test_staff_review_queue_publishes_a_new_profile(
    live_server, page, axe, screenshot_dir, directory_data, outsider, staff
):
    organization_create(
        by=outsider, kind="youth_group", name="仙台学生まちづくりネット",
        name_kana="センダイガクセイマチヅクリネット", ward=tag("area", "aoba"),
    )  # fmt: skip
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/review/")
    _check(page, axe, screenshot_dir, "review")
    card = page.locator("article", has_text="仙台学生まちづくりネット")
    card.get_by_role("button", name="公開する").click()
    page.wait_for_load_state()
    assert "審査待ちの団体はありません" in page.content()
    npo = directory_data["npo"]
    page.goto(f"{live_server.url}/organizations/{npo.pk}/")
    _check(page, axe, screenshot_dir, "org-staff")


def test_staff_import_page_previews_then_shows_progress_and_the_summary(
    live_server, page, axe, screenshot_dir, staff, chonaikai, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/import/")
    _check(page, axe, screenshot_dir, "import")
    csv_path = tmp_path / "register.csv"
    csv_path.write_bytes(
        "external_id,name,name_kana,kind,ward\nE-1,上杉町内会,カミスギ,町内会,青葉区\n"
        "E-2,名前のない行,,町内会,火星\n".encode("cp932")
    )
    page.set_input_files("#id_organizations", str(csv_path))
    page.get_by_role("button", name="確認する").click()
    page.wait_for_load_state()
    # The preview: counts and the invalid row with its line, nothing written yet.
    page.get_by_role("heading", name="取り込む前に確認してください").wait_for()
    assert page.get_by_text("3行目").count() == 1
    _check(page, axe, screenshot_dir, "import-preview")
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_load_state()
    page.get_by_text("新規 1").wait_for()
    assert page.locator("progress#import-bar").get_attribute("value") == "100"
    _check(page, axe, screenshot_dir, "import-status")
