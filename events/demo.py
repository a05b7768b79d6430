"""Demo exchange events for `make run` (called by profiles' seed_demo command).

Idempotent: an event with the same title is left as it is. Dates are relative to today so the
calendar always has upcoming events; venues are real Sendai public halls (approximate points).
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import Tag

from .models import Event
from .services import event_create, event_submit

DEMO_EVENTS = [
    {
        "title": "地域活動団体交流会 2026冬",
        "title_en": "Community Groups Exchange Meeting, Winter 2026",
        "kind": "exchange", "days": 12, "start": (13, 30), "hours": 3,
        "venue_name": "仙台市市民活動サポートセンター 6階セミナーホール",
        "address": "仙台市青葉区一番町四丁目1-3", "ward": "aoba",
        "lat": "38.261700", "lon": "140.870600",
        "access": "地下鉄南北線「広瀬通」駅 西5番出口から徒歩1分",
        "capacity": 60, "per_org_limit": 3, "fee": "無料",
        "tags": ["community-development", "nonprofit-support", "network"],
        "accessibility": "車椅子で入場できます。手話通訳・託児は申込時にお知らせください。",
        "description": "町内会・NPO・企業・大学・若者団体が一堂に会し、活動紹介と"
        "テーブルトークで協働の相手を見つける交流会です。団体紹介シートを"
        "お持ちください。",
    },
    {
        "title": "防災フォーラム「町内会と企業で備える」",
        "title_en": "Disaster Preparedness Forum: Neighbourhoods and Companies",
        "kind": "forum", "days": 19, "start": (14, 0), "hours": 2,
        "venue_name": "仙台国際センター 会議棟 小ホール",
        "address": "仙台市青葉区青葉山無番地", "ward": "aoba",
        "lat": "38.254800", "lon": "140.856300",
        "access": "地下鉄東西線「国際センター」駅から徒歩1分",
        "capacity": 120, "per_org_limit": 5, "fee": "無料",
        "tags": ["disaster-prevention", "community-safety", "employee-volunteers"],
        "accessibility": "手話通訳・要約筆記あり。車椅子席があります。",
        "description": "東日本大震災の経験から、町内会と地元企業が平時から協力して"
        "備える事例を紹介します。後半は区ごとに分かれて意見交換します。",
    },
    {
        "title": "宮城野区民ふるさとまつり 協働ブース出展説明会",
        "title_en": "Miyagino Ward Festival: Info Session for Joint Booths",
        "kind": "festival", "days": 26, "start": (10, 0), "hours": 2,
        "venue_name": "宮城野区文化センター 会議室",
        "address": "仙台市宮城野区五輪二丁目12-70", "ward": "miyagino",
        "lat": "38.259700", "lon": "140.905100",
        "access": "JR仙石線「宮城野原」駅から徒歩5分",
        "capacity": 40, "per_org_limit": 2, "fee": "無料",
        "tags": ["community-development", "culture-arts-sports", "all-residents"],
        "accessibility": "エレベーターがあります。",
        "description": "区民まつりで団体どうしが合同でブースを出すための説明会です。"
        "出展を考えている団体の顔合わせも行います。",
    },
    {
        "title": "ワークショップ「子ども食堂と地域をつなぐ」",
        "title_en": "Workshop: Connecting Children's Cafeterias with the Neighbourhood",
        "kind": "workshop", "days": 33, "start": (13, 0), "hours": 3,
        "venue_name": "若林区文化センター 練習室",
        "address": "仙台市若林区南小泉一丁目1-1", "ward": "wakabayashi",
        "lat": "38.246400", "lon": "140.900600",
        "access": "地下鉄東西線「薬師堂」駅から徒歩8分",
        "capacity": 30, "per_org_limit": 3, "fee": "300円（資料代）",
        "tags": ["child-development", "food", "children"],
        "accessibility": "託児あり（要申込・2歳以上）。",
        "description": "子ども食堂の運営団体と、食材・会場・担い手を提供できる町内会や企業が"
        "具体的な連携の形を考えるワークショップです。",
    },
    {
        "title": "講座「はじめての協働 — NPOと町内会の連携」",
        "title_en": "Course: First Steps in Collaboration, NPOs and Neighbourhood Associations",
        "kind": "lecture", "days": 40, "start": (18, 30), "hours": 2,
        "venue_name": "太白区中央市民センター 大会議室",
        "address": "仙台市太白区長町五丁目3-2", "ward": "taihaku",
        "lat": "38.226000", "lon": "140.880300",
        "access": "地下鉄南北線「長町」駅から徒歩3分",
        "capacity": 50, "per_org_limit": None, "fee": "無料",
        "tags": ["nonprofit-support", "community-development", "successors"],
        "accessibility": "車椅子で入場できます。",
        "description": "協働の基本、役割分担、よくあるつまずきを、仙台市内の事例とともに学びます。",
    },
    {
        "title": "泉区 地域づくり交流サロン",
        "title_en": "Izumi Ward Community Building Salon",
        "kind": "exchange", "days": 47, "start": (14, 0), "hours": 2,
        "venue_name": "イズミティ21 小会議室",
        "address": "仙台市泉区泉中央二丁目18-1", "ward": "izumi",
        "lat": "38.321800", "lon": "140.881000",
        "access": "地下鉄南北線「泉中央」駅から徒歩7分",
        "capacity": 25, "per_org_limit": 2, "fee": "無料",
        "tags": ["community-development", "older-people", "volunteers"],
        "accessibility": "",
        "description": "泉区で活動する団体が、少人数で課題と得意を話し合うサロンです。",
    },
    {
        "title": "オンライン交流会「若者団体 × 町内会」",
        "title_en": "Online Meetup: Youth Groups and Neighbourhood Associations",
        "kind": "exchange", "days": 16, "start": (19, 30), "hours": 1.5,
        "venue_name": "", "address": "", "ward": None, "lat": None, "lon": None, "access": "",
        "online_url": "https://meet.jit.si/tsunagu-sendai-youth",
        "capacity": 40, "per_org_limit": 3, "fee": "無料",
        "tags": ["youth-participation", "successors", "young-people"],
        "accessibility": "自動字幕を表示します。",
        "description": "担い手を探す町内会と、地域で活動したい若者団体が"
        "オンラインで出会う交流会です。",
    },
    {
        "title": "「四方よし」企業と地域の交流会",
        "title_en": "Shihō-yoshi Companies Meet the Community",
        "kind": "exchange", "days": 54, "start": (15, 0), "hours": 2,
        "venue_name": "アエル 5階 情報・産業プラザ",
        "address": "仙台市青葉区中央一丁目3-1", "ward": "aoba",
        "lat": "38.261000", "lon": "140.882100",
        "access": "JR「仙台」駅西口から徒歩2分",
        "capacity": 8, "per_org_limit": 2, "fee": "無料",
        "tags": ["economic-vitality", "employee-volunteers", "funding"],
        "accessibility": "車椅子で入場できます。",
        "description": "仙台「四方よし」宣言企業と、企業の力を借りたい地域団体の"
        "少人数の交流会です。",
    },
]  # fmt: skip


@transaction.atomic
def seed_demo_events(*, by) -> list[Event]:
    """Create the demo events as the support center (by = a staff user), published."""
    created = []
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for spec in DEMO_EVENTS:
        if Event.objects.filter(title=spec["title"]).exists():
            continue
        day = today + dt.timedelta(days=spec["days"])
        starts_at = dt.datetime.combine(day, dt.time(*spec["start"]), tzinfo=tz)
        event = event_create(
            by=by,
            tags=list(Tag.objects.filter(slug__in=spec["tags"])),
            title=spec["title"],
            title_en=spec["title_en"],
            kind=spec["kind"],
            description=spec["description"],
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=spec["hours"]),
            registration_closes_at=starts_at - dt.timedelta(days=2),
            venue_name=spec["venue_name"],
            address=spec["address"],
            ward=Tag.objects.get(facet="area", slug=spec["ward"]) if spec["ward"] else None,
            latitude=Decimal(spec["lat"]) if spec["lat"] else None,
            longitude=Decimal(spec["lon"]) if spec["lon"] else None,
            access=spec["access"],
            online_url=spec.get("online_url", ""),
            capacity=spec["capacity"],
            per_org_limit=spec["per_org_limit"],
            fee=spec["fee"],
            accessibility=spec["accessibility"],
            contact="仙台市市民活動サポートセンター",
            contact_phone="022-212-3010",
        )
        created.append(event_submit(event=event, by=by))
    return created
