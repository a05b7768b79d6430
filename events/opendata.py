"""Published events in the Digital Agency's 自治体標準オープンデータセット「イベント一覧」
format: UTF-8 with BOM, these 32 columns in this order, dates YYYY-MM-DD, times HH:MM."""

import io

from django.conf import settings
from django.utils import timezone

from core import csv_export

from .models import Event

COLUMNS = [
    "都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "イベント名",
    "イベント名_カナ", "イベント名_英語", "開始日", "終了日", "開始時間", "終了時間",
    "開始日時特記事項", "説明", "料金(基本)", "料金(詳細)", "連絡先名称", "連絡先電話番号",
    "連絡先内線番号", "主催者", "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法",
    "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間", "参加申込方法", "URL", "備考",
]  # fmt: skip

SENDAI_CODE = "041009"
PREFECTURE = "宮城県"
CITY = "仙台市"
HOW_TO_APPLY = "つなぐ（Tsunagu）のイベントページから申し込み"


def _row(event: Event) -> list[str]:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    closes = timezone.localtime(event.closes_at)
    # The meeting URL goes to registered participants only, never into open data.
    online = "オンライン参加あり（参加URLは申込者にお知らせします）" if event.online_url else ""
    return [
        SENDAI_CODE,
        str(event.pk),
        PREFECTURE,
        CITY,
        event.title,
        event.title_kana,
        event.title_en,
        f"{start:%Y-%m-%d}",
        f"{end:%Y-%m-%d}",
        f"{start:%H:%M}",
        f"{end:%H:%M}",
        "",
        event.description,
        event.fee,
        "",
        event.contact or event.organizer_name,
        event.contact_phone,
        "",
        event.organizer_name,
        event.venue_name,
        event.address,
        "",
        "" if event.latitude is None else f"{event.latitude:.6f}",
        "" if event.longitude is None else f"{event.longitude:.6f}",
        event.access,
        "",
        str(event.capacity),
        f"{closes:%Y-%m-%d}",
        f"{closes:%H:%M}",
        HOW_TO_APPLY,
        f"{settings.SITE_URL}{event.get_absolute_url()}",
        "\n".join(p for p in (event.accessibility, online) if p),
    ]


def opendata_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv_export.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(_row(event))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
