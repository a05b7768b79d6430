# ruff: noqa: E501
"""Directory search at scale: 10,000 organizations and 30,000 listings.

Builds a throw-away test database (test_<name>, like pytest-django) on the configured
DATABASE_URL — PostgreSQL is the target — fills it with generated but realistic Japanese
profiles (search tokens computed exactly as the services do), then renders the directory page
and the API for typical searches. Prints median / p95 per query and the ratio to the 200 ms goal.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagu_x make bench
"""

import os
import random
import statistics
import time

ORGS = int(os.environ.get("BENCH_ORGS", "10000"))
LISTINGS = int(os.environ.get("BENCH_LISTINGS", "30000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
GOAL_MS = 200.0

PLACES = ["片平", "上杉", "八幡", "作並", "愛子", "福室", "鶴ケ谷", "荒井", "六丁の目", "長町",
          "秋保", "泉ケ丘", "将監", "南光台", "連坊", "一番町", "原町", "米ケ袋", "富沢", "卸町",
          "榴岡", "荒浜", "根白石", "扇町", "本町", "国分町", "岩切", "春日町", "八木山", "川内"]  # fmt: skip
KIND_WORDS = {
    "neighborhood_association": ["町内会", "自治会", "町内会連合会"],
    "npo": ["子ども食堂", "フードバンク", "子育て支援の会", "多文化ネット", "防災サポート",
            "まちづくりの会", "見守り隊", "環境クラブ"],
    "company": ["電機", "印刷", "建設", "ベーカリー", "運輸", "ITソリューションズ", "商事"],
    "university": ["大学 地域連携センター", "大学 福祉学科", "工科大学 研究室", "高等学校"],
    "youth_group": ["ユースラボ", "学生まちづくりネット", "ティーンズ防災隊", "ダンスプロジェクト"],
    "public": ["市民センター", "社会福祉協議会", "まちづくり推進課"],
}  # fmt: skip
PHRASES = ["高齢者の見守り", "子どもたちの居場所づくり", "防災訓練", "夏祭りの運営", "清掃活動",
           "外国人住民への日本語支援", "食材の寄付", "学生ボランティアの受け入れ", "地域の担い手不足",
           "回覧板のデジタル化", "農園での収穫体験", "子育て世帯の交流", "空き家の活用",
           "社員の地域参加", "広報チラシの制作", "会議室の貸し出し", "送迎の協力", "障害のある人の就労"]  # fmt: skip
LISTING_TITLES = ["夏祭りの担い手を募集", "食材の寄付をお願いします", "会議室を貸し出します",
                  "学生ボランティアを紹介します", "送迎ボランティアを募集", "チラシ制作を手伝います",
                  "防災訓練の参加者を募集", "IT導入の無料相談", "調査への協力者を募集",
                  "社員ボランティアを派遣します", "子ども見守り隊の協力者", "集会所をお貸しします"]  # fmt: skip

QUERIES = [
    ("directory, no filter (五十音順)", "/directory/", {}),
    ("q=子ども食堂 (relevance, 一致 lines)", "/directory/", {"q": "子ども食堂"}),
    ("q=子ども食堂 sort=kana", "/directory/", {"q": "子ども食堂", "sort": "kana"}),
    ("q=こども (variants)", "/directory/", {"q": "こども"}),
    ("q=ちょうないかい (kana → 町内会)", "/directory/", {"q": "ちょうないかい"}),
    ("q=食堂 若林 (two words)", "/directory/", {"q": "食堂 若林"}),
    ("kind+ward+open needs", "/directory/", {"kind": "npo", "ward": "aoba", "open_needs": "true"}),
    ("need=food (listing join)", "/directory/", {"need": "food"}),
    ("q=防災 sort=updated page 3", "/directory/", {"q": "防災", "sort": "updated", "page": "3"}),
    ("htmx partial q=見守り", "/directory/", {"q": "見守り", "_htmx": "1"}),
    ("API organizations q=子供", "/api/v1/organizations/", {"q": "子供"}),
    ("API listings q=ボランティア", "/api/v1/listings/", {"q": "ボランティア"}),
]


def _populate():
    from django.db import transaction
    from django.utils import timezone

    from core.models import Tag
    from core.textnorm import reading
    from profiles.models import Listing, Organization
    from profiles.search import document_tokens, match_tokens

    rng = random.Random(20261201)
    areas = list(Tag.objects.filter(facet="area"))
    fields = list(Tag.objects.filter(facet="field"))
    sdgs = list(Tag.objects.filter(facet="sdg"))
    resources = list(Tag.objects.filter(facet="resource"))
    targets = list(Tag.objects.filter(facet="target"))
    kinds = list(KIND_WORDS)
    labels = {
        "neighborhood_association": "町内会・自治会", "npo": "NPO・市民活動団体", "company": "企業",
        "university": "大学・学校", "youth_group": "若者団体", "public": "公共・支援機関",
    }  # fmt: skip
    now = timezone.now()
    started = time.perf_counter()
    memo: dict[str, list[str]] = {}
    orgs = []
    for i in range(ORGS):
        kind = kinds[i % len(kinds)]
        place = rng.choice(PLACES)
        name = f"{place}{rng.choice(KIND_WORDS[kind])}{i}"
        description = "、".join(rng.sample(PHRASES, 3)) + "に取り組んでいます。"
        ward = rng.choice(areas)
        orgs.append(
            Organization(
                kind=kind, name=name, name_kana=f"カナ{i:05d}", ward=ward, district=place,
                description=description, status="published", verified=rng.random() < 0.7,
                yoshi_declared=kind == "company" and rng.random() < 0.3,
                contact_email=f"o{i}@bench.example", last_confirmed_at=now,
                search_tokens=document_tokens(name, place, description, labels[kind],
                                              ward.label_ja),
                match_tokens=match_tokens(name=name, name_kana=f"カナ{i:05d}", memo=memo),
                name_reading=reading(name, kana=f"カナ{i:05d}"),
            )
        )  # fmt: skip
        if (i + 1) % 2000 == 0:
            print(f"\r  generating organizations {i + 1}/{ORGS}", end="", flush=True)
    print()
    with transaction.atomic():
        Organization.objects.bulk_create(orgs, batch_size=1000)
        orgs = list(Organization.objects.order_by("id"))
        Field = Organization.fields.through
        Sdg = Organization.sdgs.through
        Field.objects.bulk_create(
            [Field(organization=o, tag=t) for o in orgs for t in rng.sample(fields, 2)],
            batch_size=5000,
        )
        Sdg.objects.bulk_create(
            [Sdg(organization=o, tag=t) for o in orgs for t in rng.sample(sdgs, 2)],
            batch_size=5000,
        )
        listings = []
        for i in range(LISTINGS):
            org = orgs[i % len(orgs)]
            title = rng.choice(LISTING_TITLES)
            description = rng.choice(PHRASES)
            listings.append(
                Listing(
                    organization=org, kind=rng.choice(["need", "offer"]), title=title,
                    description=description, ward=org.ward, moderation="published",
                    search_tokens=document_tokens(title, description, org.name),
                    match_tokens=match_tokens(name=title, memo=memo),
                )
            )  # fmt: skip
        Listing.objects.bulk_create(listings, batch_size=2000)
        Tagged = Listing.tags.through
        Tagged.objects.bulk_create(
            [
                Tagged(listing=x, tag=t)
                for x in Listing.objects.only("id")
                for t in [rng.choice(resources), rng.choice(targets)]
            ],
            batch_size=5000,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"  built {ORGS} organizations, {LISTINGS} listings in {time.perf_counter() - started:.1f} s"
    )


def _time(client, url, params) -> list[float]:
    params = dict(params)
    headers = {"HTTP_HX_REQUEST": "true"} if params.pop("_htmx", None) else {}
    client.get(url, params, **headers)  # warm up
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url, params, **headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, params, response.status_code)
    return timings


def main() -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    name = connection.settings_dict["NAME"]
    vendor = connection.vendor
    print(f"database: {vendor} ({name}); {ORGS} organizations, {LISTINGS} listings")
    if vendor != "postgresql":
        print("  NOTE: the 200 ms goal is for PostgreSQL; set DATABASE_URL to measure it.")
    keep = os.environ.get("BENCH_KEEP") == "1"  # reuse the built database between runs
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)
    failed = False
    try:
        from profiles.models import Organization

        if Organization.objects.count() < ORGS:
            _populate()
        client = Client()
        print(f"\n{'query':40} {'median':>9} {'p95':>9} {'÷200ms':>7}")
        medians = {}
        for label, url, params in QUERIES:
            timings = sorted(_time(client, url, params))
            median = statistics.median(timings)
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            medians[label] = median
            flag = "" if median < GOAL_MS else "  ← over the goal"
            print(f"{label:40} {median:7.1f}ms {p95:7.1f}ms {median / GOAL_MS:7.2f}{flag}")
            failed |= median >= GOAL_MS
        base = medians[QUERIES[0][0]]
        print("\nratio of each search to the unfiltered page:")
        for label, median in medians.items():
            print(f"  {label:40} {median / base:5.2f}×")
    finally:
        if not keep:
            connection.creation.destroy_test_db(test_db, verbosity=0)
    print("directory goal (<200 ms median):", "MET" if not failed else "MISSED")
    return 1 if failed else 0
