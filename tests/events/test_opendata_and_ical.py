import csv
import io

import pytest
from icalendar import Calendar

from events.opendata import COLUMNS
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

EXPECTED_HEADER = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,イベント名,イベント名_カナ,"
    "イベント名_英語,開始日,終了日,開始時間,終了時間,開始日時特記事項,説明,料金(基本),料金(詳細),"
    "連絡先名称,連絡先電話番号,連絡先内線番号,主催者,場所名称,住所,方書,緯度,経度,アクセス方法,"
    "駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,URL,備考"
)


def _event():
    import datetime as dt
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    start = dt.datetime(2031, 2, 14, 13, 30, tzinfo=tokyo)
    return make_event(
        title="防災フォーラム2031",
        title_kana="ボウサイフォーラム",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        registration_closes_at=dt.datetime(2031, 2, 7, 17, 0, tzinfo=tokyo),
        latitude="38.260132",
        longitude="140.871738",
        fee="無料",
        contact_phone="022-212-3010",
    )


def test_the_open_data_csv_starts_with_a_bom_and_the_32_columns(client):
    _event()
    raw = client.get("/api/v1/events/opendata.csv").content
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header == EXPECTED_HEADER
    assert len(COLUMNS) == 32


def test_an_open_data_row_uses_sendais_code_and_plain_dates(client):
    event = _event()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v1/events/opendata.csv").content.decode("utf-8-sig"))
        )
    )
    row = rows[0]
    assert row["都道府県コード又は市区町村コード"] == "041009"
    assert row["NO"] == str(event.pk)
    assert (row["都道府県名"], row["市区町村名"]) == ("宮城県", "仙台市")
    assert (row["開始日"], row["開始時間"], row["終了時間"]) == ("2031-02-14", "13:30", "16:30")
    assert (row["参加申込終了日"], row["参加申込終了時間"]) == ("2031-02-07", "17:00")
    assert (row["緯度"], row["経度"]) == ("38.260132", "140.871738")
    assert row["定員"] == "30"
    assert row["URL"].endswith(f"/events/{event.pk}/")


def test_drafts_are_not_in_the_open_data(client):
    make_event(title="非公開の下書き", status="draft")
    assert "非公開の下書き" not in client.get("/api/v1/events/opendata.csv").content.decode()


def test_the_ics_parses_and_links_back_to_the_event(client):
    event = _event()
    response = client.get(f"/events/{event.pk}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "防災フォーラム2031"
    assert str(entry["url"]).endswith(f"/events/{event.pk}/")
    assert entry.decoded("dtstart").isoformat() == "2031-02-14T13:30:00+09:00"


def test_a_draft_has_no_public_ics(client):
    event = make_event(status="draft")
    assert client.get(f"/events/{event.pk}/event.ics").status_code == 404


def test_the_ward_feed_holds_only_that_wards_events(client):
    from tests.factories import tag

    make_event(title="青葉の会")
    make_event(title="泉の会", ward=tag("area", "izumi"))
    calendar = Calendar.from_ical(client.get("/events/feed/ward/izumi.ics").content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["泉の会"]


def test_the_all_events_feed_is_subscribable(client):
    make_event(title="青葉の会")
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
