"""The pages: directory, organization page, editing, members, review queue, import upload."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditLog
from profiles.models import ImportJob, Listing, Organization
from tests.factories import ListingFactory, tag

pytestmark = pytest.mark.django_db


def test_the_directory_page_works_without_javascript_and_keeps_filters_in_the_url(
    client, chonaikai, npo
):
    response = client.get("/directory/", {"kind": "npo"})
    body = response.content.decode()
    assert response.status_code == 200
    assert npo.name in body
    assert chonaikai.name not in body
    assert "<html" in body


def test_htmx_gets_only_the_results_partial(client, npo):
    response = client.get("/directory/", {"kind": "npo"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert npo.name in body
    assert "<html" not in body


def test_pagination_links_keep_the_query(client, make_org):
    for i in range(25):
        make_org(name=f"会{i:02d}", kana=f"カイ{i:02d}", kind="public")
    body = client.get("/directory/", {"kind": "public"}).content.decode()
    assert "kind=public&amp;page=2" in body


def test_the_directory_answers_in_a_fixed_number_of_queries(
    client, make_org, django_assert_max_num_queries
):
    for i in range(15):
        make_org(name=f"会{i:02d}", kana=f"カイ{i:02d}")
    with django_assert_max_num_queries(12):
        client.get("/directory/")


def test_public_view_of_an_organization_hides_member_tools(client, npo):
    body = client.get(f"/organizations/{npo.pk}/").content.decode()
    assert npo.name in body
    assert f"/organizations/{npo.pk}/edit/" not in body
    assert "職員向け" not in body


def test_member_view_links_to_editing(client, npo, npo_editor):
    client.force_login(npo_editor)
    assert (
        f"/organizations/{npo.pk}/edit/" in client.get(f"/organizations/{npo.pk}/").content.decode()
    )


def test_staff_view_shows_moderation_and_history(client, npo, staff):
    client.force_login(staff)
    body = client.get(f"/organizations/{npo.pk}/").content.decode()
    assert "職員向け" in body
    assert "変更履歴" in body


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("outsider", 403), ("chonaikai_owner", 403), ("npo_editor", 200), ("staff", 200)],
)
def test_editing_a_profile_by_role(client, npo, request, persona, expected):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/organizations/{npo.pk}/edit/").status_code == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 404), ("outsider", 404), ("chonaikai_owner", 404), ("npo_editor", 200), ("staff", 200)],
)
def test_a_draft_page_is_seen_only_by_members_and_staff(client, npo, request, persona, expected):
    Organization.objects.filter(pk=npo.pk).update(status="pending")
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/organizations/{npo.pk}/").status_code == expected


def test_a_member_saves_the_profile_form(client, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(
        f"/organizations/{npo.pk}/edit/",
        {"kind": "npo", "name": npo.name, "name_kana": "もりのこどもしょくどう",
         "ward": tag("area", "wakabayashi").pk, "legal_form": "NPO法人"},
    )  # fmt: skip
    assert response.status_code == 302
    npo.refresh_from_db()
    assert npo.name_kana == "モリノコドモショクドウ"


def test_a_wrong_corporate_number_shows_the_message_on_the_form(client, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(
        f"/organizations/{npo.pk}/edit/",
        {"kind": "npo", "name": npo.name, "name_kana": "モリ", "ward": npo.ward_id,
         "legal_form": "NPO法人", "corporate_number": "1234567890123"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "検査用数字" in response.content.decode()
    npo.refresh_from_db()
    assert npo.corporate_number == ""


def test_a_member_adds_a_need_through_the_form(client, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(
        f"/organizations/{npo.pk}/listings/new/",
        {
            "kind": "need",
            "title": "配達ボランティア",
            "resources": [tag("resource", "transport").pk],
        },
    )
    assert response.status_code == 302
    assert Listing.objects.get().ward == npo.ward


def test_an_outsider_cannot_close_a_listing(client, npo, outsider):
    listing = ListingFactory(organization=npo)
    client.force_login(outsider)
    assert client.post(f"/listings/{listing.pk}/close/").status_code == 404
    listing.refresh_from_db()
    assert listing.status == "open"


@pytest.mark.parametrize(
    ("persona", "expected"), [(None, 302), ("npo_editor", 403), ("staff", 200)]
)
def test_the_review_queue_is_for_staff(client, request, persona, expected, npo):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get("/staff/review/").status_code == expected


def test_staff_publish_from_the_queue_and_it_is_audited(client, make_org, outsider, staff):
    org = make_org(by=outsider, name="新しい会", kana="アタラシイカイ")
    client.force_login(staff)
    assert "新しい会" in client.get("/staff/review/").content.decode()
    client.post(f"/staff/review/organization/{org.pk}/", {"action": "publish"})
    org.refresh_from_db()
    assert org.status == "published"
    assert AuditLog.objects.filter(action="organization.publish", actor=staff).exists()


def test_returning_without_a_comment_shows_an_error_and_changes_nothing(
    client, make_org, outsider, staff
):
    org = make_org(by=outsider)
    client.force_login(staff)
    response = client.post(
        f"/staff/review/organization/{org.pk}/", {"action": "return"}, follow=True
    )
    assert "理由" in response.content.decode()
    org.refresh_from_db()
    assert org.status == "pending"


def test_a_member_cannot_post_moderation_actions(client, npo, npo_editor):
    client.force_login(npo_editor)
    assert (
        client.post(f"/staff/review/organization/{npo.pk}/", {"action": "verify"}).status_code
        == 403
    )


def test_staff_upload_a_register_and_see_the_result(
    client, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    data = (
        "external_id,name,name_kana,kind,ward\nU-1,上杉町内会,カミスギチョウナイカイ,町内会,青葉区\n"
    ).encode("cp932")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/import/", {"organizations": SimpleUploadedFile("r.csv", data)}
        )
    job = ImportJob.objects.get()
    assert response.url == f"/staff/import/{job.pk}/"
    # First the preview: nothing written until the staff member confirms.
    assert ImportJob.objects.get().status == "preview"
    assert not Organization.objects.filter(external_id="U-1").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm"})
    assert job.__class__.objects.get().status == "done"
    assert Organization.objects.get(external_id="U-1").status == "published"
    status = client.get(f"/staff/import/{job.pk}/", HTTP_ACCEPT="application/json").json()
    assert status["percent"] == 100
    assert "新規 1" in client.get(f"/staff/import/{job.pk}/").content.decode()


def test_the_import_page_is_refused_to_members(client, npo_editor):
    client.force_login(npo_editor)
    assert client.get("/staff/import/").status_code == 403


def test_an_owner_invites_from_the_members_page(client, chonaikai, chonaikai_owner):
    client.force_login(chonaikai_owner)
    response = client.post(
        f"/organizations/{chonaikai.pk}/members/", {"email": "next@example.org", "role": "editor"}
    )
    assert response.status_code == 302
    assert chonaikai.invitations.get().email == "next@example.org"


def test_an_editor_cannot_invite_from_the_members_page(client, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(f"/organizations/{npo.pk}/members/", {"email": "x@example.org"})
    assert response.status_code == 403


def test_choosing_the_organization_to_act_for(client, chonaikai, chonaikai_owner, npo):
    client.force_login(chonaikai_owner)
    client.post("/organizations/act-for/", {"organization": chonaikai.pk})
    assert client.session["profiles.acting_organization_id"] == chonaikai.pk
    assert client.post("/organizations/act-for/", {"organization": npo.pk}).status_code == 403


def test_the_uploaded_register_is_not_kept_after_the_import(
    client, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    data = "external_id,name,name_kana,kind,ward\nU-2,上杉会,カミスギ,町内会,青葉区\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/import/", {"organizations": SimpleUploadedFile("r.csv", data)})
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm"})
    assert ImportJob.objects.get().organizations_file == ""
    assert not list((tmp_path / "imports").glob("*"))


def test_staff_see_which_fields_a_change_touched(client, npo, npo_editor, staff):
    from profiles.services.organizations import organization_update

    organization_update(organization=npo, by=npo_editor, district="連坊")
    client.force_login(staff)
    body = client.get(f"/organizations/{npo.pk}/").content.decode()
    assert "地区" in body


def test_the_filter_panel_is_closed_when_a_search_found_something(client, npo):
    # A phone then shows the results first; the summary says how many conditions are in use.
    body = client.get("/directory/", {"kind": "npo", "ward": "wakabayashi"}).content.decode()
    panel = body.split('<details class="filters"')[1].split(">")[0]
    assert " open" not in panel
    assert "（2件の条件を指定中）" in body


def test_the_filter_panel_stays_open_when_nothing_was_found(client, npo):
    body = client.get("/directory/", {"kind": "university"}).content.decode()
    panel = body.split('<details class="filters"')[1].split(">")[0]
    assert " open" in panel
