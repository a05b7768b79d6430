"""import_directory: encodings, bad rows with line numbers, idempotency, export round trip."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from profiles.importer import ImportFileError, export_listings, export_organizations, read_rows
from profiles.models import Listing, Organization

pytestmark = pytest.mark.django_db

ORGS = (
    "external_id,name,name_kana,kind,ward,district,description,fields,sdgs,email,phone,website,"
    "yoshi_declared\n"
    "R-001,片平一丁目町内会,カタヒライッチョウメチョウナイカイ,町内会・自治会,青葉区,片平,"
    "防災訓練,防災;まちづくり,11,kat@example.org,022-111-0001,,いいえ\n"
    "R-002,杜の子ども食堂,ﾓﾘﾉｺﾄﾞﾓｼｮｸﾄﾞｳ,npo,若林区,,子ども食堂,子どもの健全育成、保健・医療・福祉,"
    "1;2,mori@example.org,022-111-0002,https://mori.example.org,0\n"
    "R-003,杜の都電機,モリノミヤコデンキ,企業,宮城野,,,,8,,,,はい\n"
)
LISTINGS = (
    "org_external_id,kind,title,description,tags,ward,until\n"
    "R-001,募集,夏祭りの担い手,,担い手・後継者;高齢者,,2099-08-31\n"
    "R-002,提供,調理室の貸し出し,平日の午後,会場・スペース,,\n"
)
BAD_ORGS = (
    "external_id,name,name_kana,kind,ward,district,description,fields,sdgs,email,phone,website,"
    "yoshi_declared\n"
    "B-1,正しい団体,タダシイダンタイ,npo,青葉区,,,宇宙開発,,,,,\n"
    "B-2,種別が変,ヘン,spaceship,青葉区,,,,,,,,\n"
    "B-3,,ナナシ,npo,青葉区,,,,,,,,\n"
    "B-4,SDG違反,エスディージー,npo,青葉区,,,,18,,,,\n"
    "B-5,メール違反,メール,npo,青葉区,,,,,not-an-email,,,\n"
)


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _run(*paths):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_directory", *paths, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_a_cp932_register_imports_published_and_verified(tmp_path):
    code, out, _err = _run(
        _write(tmp_path, "orgs.csv", ORGS, "cp932"), _write(tmp_path, "l.csv", LISTINGS, "cp932")
    )
    assert code == 0
    org = Organization.objects.get(external_id="R-002")
    assert (org.name, org.name_kana, org.status, org.verified) == (
        "杜の子ども食堂", "モリノコドモショクドウ", "published", True,
    )  # fmt: skip
    assert {t.slug for t in org.fields.all()} == {"child-development", "health-welfare"}
    assert Organization.objects.get(external_id="R-003").yoshi_declared
    assert Listing.objects.get(title="夏祭りの担い手").ward.slug == "aoba"
    assert "新規 3" in out


def test_a_utf8_file_with_bom_reads_the_first_column_name(tmp_path):
    code, _out, _err = _run(_write(tmp_path, "orgs.csv", "\ufeff" + ORGS))
    assert code == 0
    assert Organization.objects.filter(external_id="R-001").exists()


def test_an_xlsx_register_imports(tmp_path):
    wb = Workbook()
    for line in ORGS.strip().split("\n"):
        wb.active.append(line.split(","))
    path = tmp_path / "orgs.xlsx"
    wb.save(path)
    code, _out, _err = _run(str(path))
    assert code == 0
    assert Organization.objects.count() == 3


def test_running_the_same_files_twice_changes_nothing(tmp_path):
    paths = (_write(tmp_path, "o.csv", ORGS), _write(tmp_path, "l.csv", LISTINGS))
    _run(*paths)
    history = Organization.history.count()
    code, out, _err = _run(*paths)
    assert code == 0
    assert "変更なし 3" in out
    assert Organization.objects.count() == 3
    assert Listing.objects.count() == 2
    assert Organization.history.count() == history


def test_a_changed_row_updates_the_organization(tmp_path):
    _run(_write(tmp_path, "o.csv", ORGS))
    _run(_write(tmp_path, "o2.csv", ORGS.replace("防災訓練", "防災訓練と芋煮会")))
    assert Organization.objects.get(external_id="R-001").description == "防災訓練と芋煮会"


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_land(tmp_path):
    code, out, err = _run(_write(tmp_path, "bad.csv", BAD_ORGS))
    assert code == 0
    assert list(Organization.objects.values_list("external_id", flat=True)) == ["B-1"]
    assert "3行目: 種別が不明です" in err
    assert "line 3: unknown kind" in err
    assert "4行目" in err
    assert "name" in err
    assert "5行目: SDGs は 1〜17" in err
    assert "6行目" in err
    assert "2行目: 分野「宇宙開発」は語彙にない" in err  # a warning: the row still landed
    assert "スキップ 4" in out


def test_a_malformed_until_date_skips_the_listing_with_its_line(tmp_path):
    _run(_write(tmp_path, "o.csv", ORGS))
    listings = LISTINGS.replace("2099-08-31", "8月末")
    code, _out, err = _run(_write(tmp_path, "o.csv", ORGS), _write(tmp_path, "l.csv", listings))
    assert code == 0
    assert "2行目: 日付の形式が正しくありません" in err
    assert not Listing.objects.filter(title="夏祭りの担い手").exists()


def test_missing_columns_stop_with_a_message_and_change_nothing(tmp_path):
    code, _out, err = _run(_write(tmp_path, "o.csv", "external_id,name\nX,名前\n"))
    assert code != 0
    assert "name_kana" in err
    assert "missing columns" in err
    assert not Organization.objects.exists()


def test_a_file_where_no_row_can_be_read_exits_non_zero(tmp_path):
    bad_only = BAD_ORGS.split("\n")[0] + "\n" + BAD_ORGS.split("\n")[2] + "\n"
    code, _out, _err = _run(_write(tmp_path, "o.csv", bad_only))
    assert code == 1


def test_an_undecodable_file_is_refused_clearly():
    with pytest.raises(ImportFileError):
        read_rows(bytes(range(128, 256)) * 40, "weird.csv")


def test_export_writes_the_import_format_back_losslessly(tmp_path):
    _run(_write(tmp_path, "o.csv", ORGS), _write(tmp_path, "l.csv", LISTINGS))
    orgs_csv = export_organizations(viewer=None)
    listings_csv = export_listings(viewer=None)
    assert "kat@example.org" in orgs_csv  # the operator's copy keeps contacts
    before = {
        o.external_id: (o.name, o.description, o.contact_phone) for o in Organization.objects.all()
    }
    code, out, _err = _run(
        _write(tmp_path, "e.csv", orgs_csv), _write(tmp_path, "el.csv", listings_csv)
    )
    assert code == 0
    assert "変更なし 3" in out
    assert "変更なし 2" in out
    after = {
        o.external_id: (o.name, o.description, o.contact_phone) for o in Organization.objects.all()
    }
    assert after == before


def test_the_public_export_leaves_contact_columns_empty(tmp_path):
    from django.contrib.auth.models import AnonymousUser

    _run(_write(tmp_path, "o.csv", ORGS))
    assert "kat@example.org" not in export_organizations(viewer=AnonymousUser())
