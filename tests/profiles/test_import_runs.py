"""The upload page's import runs: preview, confirm or cancel, a run stopped halfway, bad files,
and the round trip through the staff export (CSV CP932, XLSX)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from profiles import import_writer
from profiles.importer import plan_import
from profiles.models import ImportJob, Listing, Organization
from profiles.services.imports import directory_import
from profiles.services.listings import listing_close

pytestmark = pytest.mark.django_db

ORGS = (
    "external_id,name,name_kana,kind,ward,description\n"
    "P-1,北山町内会,キタヤマチョウナイカイ,町内会,青葉区,防災訓練\n"
    "P-2,杜の子ども食堂,モリノコドモショクドウ,npo,若林区,子ども食堂\n"
)
LISTINGS = (
    "org_external_id,kind,title,tags\n"
    "P-1,募集,夏祭りの担い手,担い手・後継者\n"
    "P-2,提供,調理室の貸し出し,会場・スペース\n"
    "P-2,募集,食材の寄付,食品・食材\n"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, orgs: bytes, listings: bytes | None = None, name="o.csv", lname="l.csv"):
    data = {"organizations": SimpleUploadedFile(name, orgs)}
    if listings is not None:
        data["listings"] = SimpleUploadedFile(lname, listings)
    return client.post("/staff/import/", data)


def _import(orgs: str, listings: str | None = None):
    plan = plan_import(
        organizations=(orgs.encode(), "o.csv"),
        listings=(listings.encode(), "l.csv") if listings else None,
    )
    directory_import(plan=plan, by=None)


def test_the_preview_counts_each_kind_of_change_and_writes_nothing(
    client, staff, media, django_capture_on_commit_callbacks
):
    _import(ORGS, LISTINGS)
    edited_orgs = (
        ORGS.replace("防災訓練", "防災訓練と芋煮会")
        + "P-3,連坊ユースラボ,レンボウユースラボ,若者団体,若林区,\n"
        + "P-4,種別が変,ヘン,spaceship,青葉区,\n"
    )
    edited_listings = "\n".join(LISTINGS.strip().split("\n")[:3]) + "\n"  # 食材の寄付 removed
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, edited_orgs.encode("cp932"), edited_listings.encode("cp932"))
    job = ImportJob.objects.get()
    assert job.status == "preview"
    assert job.preview["organizations"] == {
        "create": 1, "update": 1, "unchanged": 1, "invalid": 1, "close": 0,
    }  # fmt: skip
    assert job.preview["listings"]["unchanged"] == 2
    assert job.preview["listings"]["close"] == 1
    assert Organization.objects.get(external_id="P-1").description == "防災訓練"
    assert not Organization.objects.filter(external_id="P-3").exists()
    page = client.get(f"/staff/import/{job.pk}/").content.decode()
    assert "5行目: 種別が不明です（spaceship）" in page
    assert "食材の寄付" in page  # reported as missing from the file
    assert 'name="close_missing"' in page
    staff.preferred_language = "en"
    staff.save()
    client.cookies["django_language"] = "en"
    english = client.get(f"/staff/import/{job.pk}/", headers={"accept-language": "en"})
    assert "line 5: unknown kind (spaceship)" in english.content.decode()
    assert "種別が不明です" not in english.content.decode()


def test_confirming_with_close_missing_closes_what_the_file_lacks(
    client, staff, media, django_capture_on_commit_callbacks
):
    _import(ORGS, LISTINGS)
    client.force_login(staff)
    kept = "\n".join(LISTINGS.strip().split("\n")[:3]) + "\n"
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, ORGS.encode(), kept.encode())
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm", "close_missing": "1"})
    job.refresh_from_db()
    assert job.status == "done"
    assert Listing.objects.get(title="食材の寄付").status == "closed"
    assert Listing.objects.filter(status="open").count() == 2
    assert "終了 1" in client.get(f"/staff/import/{job.pk}/").content.decode()


def test_without_the_tick_a_missing_listing_is_only_reported(
    client, staff, media, django_capture_on_commit_callbacks
):
    _import(ORGS, LISTINGS)
    client.force_login(staff)
    kept = "\n".join(LISTINGS.strip().split("\n")[:3]) + "\n"
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, ORGS.encode(), kept.encode())
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm"})
    assert ImportJob.objects.get().status == "done"
    assert Listing.objects.get(title="食材の寄付").status == "open"
    page = client.get(f"/staff/import/{job.pk}/").content.decode()
    assert "変更はありません" in page
    assert "ファイルにない 1" in page


def test_cancelling_writes_nothing_and_keeps_no_file(
    client, staff, media, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, ORGS.encode())
    job = ImportJob.objects.get()
    client.post(f"/staff/import/{job.pk}/decide/", {"action": "cancel"})
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.organizations_file == ""
    assert not Organization.objects.exists()
    assert not list((media / "imports").glob("*"))


def test_a_run_aborted_between_batches_fails_with_its_reason_and_changes_nothing(
    client, staff, media, monkeypatch, django_capture_on_commit_callbacks
):
    _import(ORGS, LISTINGS)
    before = sorted(Organization.objects.values_list("external_id", "description"))
    client.force_login(staff)
    bigger = ORGS.replace("防災訓練", "変更") + "".join(
        f"Q-{i},団体{i},ダンタイ,npo,青葉区,\n" for i in range(6)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, bigger.encode())
    job = ImportJob.objects.get()
    monkeypatch.setattr(import_writer, "BATCH", 2)
    batches = []

    def abort_on_the_second_batch(self, n):
        batches.append(n)
        if len(batches) == 2:
            raise SystemError("worker stopped")

    monkeypatch.setattr(import_writer._Progress, "add", abort_on_the_second_batch)
    with pytest.raises(SystemError), django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm"})
    job.refresh_from_db()
    assert job.status == "failed"
    assert "worker stopped" in job.error[0]["ja"]
    assert job.organizations_file == ""
    assert sorted(Organization.objects.values_list("external_id", "description")) == before
    page = client.get(f"/staff/import/{job.pk}/").content.decode()
    assert "取り込みが途中で止まりました。何も変更されていません" in page


@pytest.mark.parametrize(
    ("orgs", "name", "expected"),
    [
        (ORGS + "P-1,重複,ジュウフク,npo,青葉区,\n", "o.csv", "同じ external_id が 1 件"),
        (ORGS + 'P-9,"=HYPERLINK(""http://x"",""x"")",エックス,npo,青葉区,\n', "o.csv",
         "数式が入ったセルがあります（行:列 4:name）"),
        (LISTINGS, "o.csv", "必要な列がありません: external_id, name, name_kana, ward"),
        (None, "o.csv", "文字コードが混在しています"),
        (b"\x00\x01not a workbook", "o.xlsx", "Excel ファイルとして読めません"),
    ],
)  # fmt: skip
def test_a_bad_file_fails_with_a_clear_message_and_writes_nothing(
    client, staff, media, django_capture_on_commit_callbacks, orgs, name, expected
):
    if orgs is None:  # a UTF-8 file with a Shift_JIS block pasted in
        data = ORGS.encode() + "P-5,連坊会,レンボウカイ,町内会,若林区,\n".encode("cp932")
    else:
        data = orgs if isinstance(orgs, bytes) else orgs.encode()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, data, name=name)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == "failed"
    page = client.get(f"/staff/import/{job.pk}/")
    assert page.status_code == 200
    assert expected in page.content.decode()
    assert not Organization.objects.exists()


def test_a_formula_in_an_xlsx_cell_is_refused(client, staff, media):
    from profiles.importer import ImportFileError, read_rows

    wb = Workbook()
    wb.active.append(["external_id", "name", "name_kana", "kind", "ward"])
    wb.active.append(
        ["X-1", '=HYPERLINK("http://example.org","押して")', "オシテ", "npo", "青葉区"]
    )
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportFileError) as refused:
        read_rows(out.getvalue(), "o.xlsx")
    assert "2:name" in refused.value.text("ja")
    assert "paste values only" in refused.value.text("en")


def test_a_file_over_the_size_cap_is_refused_by_the_form(client, staff, media, settings):
    settings.IMPORT_MAX_MB = 1
    client.force_login(staff)
    response = _upload(client, ORGS.encode() + b"#" * (1024 * 1024 + 1))
    assert response.status_code == 200
    assert "ファイルが大きすぎます（上限 1 MB）" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "npo_editor", "outsider"])
def test_only_staff_may_confirm_download_or_watch_a_run(client, request, role, staff, media):
    job = ImportJob.objects.create(
        created_by=staff, status="preview", preview={"errors": [], "warnings": []}
    )
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for response in (
        client.post(f"/staff/import/{job.pk}/decide/", {"action": "confirm"}),
        client.get("/staff/import/export/organizations.xlsx"),
        client.get(f"/staff/import/{job.pk}/"),
    ):
        assert response.status_code in (302, 403)
        if role != "anonymous":
            assert response.status_code == 403
    assert ImportJob.objects.get().status == "preview"


def test_export_edit_import_changes_exactly_what_was_edited(client, staff, media):
    _import(ORGS, LISTINGS)
    listing_close(listing=Listing.objects.get(title="夏祭りの担い手"), by=None)
    client.force_login(staff)
    orgs_xlsx = client.get("/staff/import/export/organizations.xlsx").content
    listings_cp932 = client.get("/staff/import/export/listings.csv-cp932")
    assert listings_cp932["Content-Type"] == "text/csv; charset=shift_jis"
    text = listings_cp932.content.decode("cp932")
    assert text.splitlines()[0].startswith("listing_id,org_external_id")
    sheet = load_workbook(io.BytesIO(orgs_xlsx)).active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "P-2":
            row[6].value = "子ども食堂と学習支援"  # description
    edited = io.BytesIO()
    sheet.parent.save(edited)
    plan = plan_import(
        organizations=(edited.getvalue(), "o.xlsx"),
        listings=(listings_cp932.content, "l.csv"),
    )
    assert plan.org_counts().as_dict() == {
        "create": 0, "update": 1, "unchanged": 1, "invalid": 0, "close": 0,
    }  # fmt: skip
    assert plan.listing_counts().as_dict()["unchanged"] == 3
    directory_import(plan=plan, by=staff)
    assert Organization.objects.get(external_id="P-2").description == "子ども食堂と学習支援"
    assert Listing.objects.get(title="夏祭りの担い手").status == "closed"  # stayed closed


def test_a_listing_renamed_in_the_file_keeps_its_id(staff):
    from profiles.importer import export_listings

    _import(ORGS, LISTINGS)
    listing = Listing.objects.get(title="調理室の貸し出し")
    exported = export_listings(viewer=None).replace("調理室の貸し出し", "調理室と会議室の貸し出し")
    plan = plan_import(
        organizations=(ORGS.encode(), "o.csv"), listings=(exported.encode(), "l.csv")
    )
    directory_import(plan=plan, by=staff)
    listing.refresh_from_db()
    assert listing.title == "調理室と会議室の貸し出し"
    assert Listing.objects.count() == 3


def test_the_dry_run_prints_the_counts_and_writes_nothing(tmp_path):
    from django.core.management import call_command

    (tmp_path / "o.csv").write_bytes(ORGS.encode("cp932"))
    out = io.StringIO()
    call_command("import_directory", str(tmp_path / "o.csv"), "--dry-run", stdout=out)
    assert "新規 2" in out.getvalue()
    assert "created 2" in out.getvalue()
    assert not Organization.objects.exists()


@pytest.mark.parametrize(("name", "fmt"), [("o.xlsx", None), ("o.csv", "csv-cp932")])
def test_the_export_command_writes_a_register_that_imports_back_unchanged(tmp_path, name, fmt):
    from django.core.management import call_command

    _import(ORGS, LISTINGS)
    listing_close(listing=Listing.objects.get(title="夏祭りの担い手"), by=None)
    orgs, listings = tmp_path / name, tmp_path / name.replace("o.", "l.")
    call_command(
        "export_directory", str(orgs), str(listings), *(["--format", fmt] if fmt else []),
        stdout=io.StringIO(),
    )  # fmt: skip
    if fmt == "csv-cp932":
        orgs.read_bytes().decode("cp932")  # really Shift_JIS
    out = io.StringIO()
    call_command("import_directory", str(orgs), str(listings), stdout=out)
    assert "変更はありません / No changes" in out.getvalue()
    assert "変更なし 3" in out.getvalue()  # the closed listing came back as it was
    assert Listing.objects.get(title="夏祭りの担い手").status == "closed"
