# ruff: noqa: E501
"""Register import at city scale, beside a plain PostgreSQL COPY of the same rows.

For 1,000 and 5,000 organizations (two listings each) — and 50,000 with BENCH_IMPORT_LARGE=1
(about 5 minutes more, so not in a default run) — generates a CP932 register the way a city
office would keep it, then times, in one process on a throw-away database:

  import   read + check every row + write in one transaction + history + search tokens +
           the one matcher refresh of the changed organizations (what `import_directory` does)
  again    the same files once more (idempotent: nothing to write)
  COPY     the same rows, as text, into a scratch table with COPY FROM STDIN (the floor: no
           checks, no history, no indexes)

and prints the ratio import ÷ COPY. Goals (issue 13): 5,000 + 10,000 under 60 s; 50,000 +
100,000 under 10 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagu_x make bench
"""

import csv
import io
import os
import random
import time

SIZES = [int(s) for s in os.environ.get("BENCH_IMPORT_SIZES", "1000,5000").split(",")]
if os.environ.get("BENCH_IMPORT_LARGE") == "1":
    SIZES.append(50_000)
GOALS = {5000: 60.0, 50_000: 600.0}
KINDS = ["町内会・自治会", "NPO", "企業", "大学・学校", "若者団体", "公共・支援機関"]
PLACES = ["片平", "上杉", "八幡", "作並", "愛子", "福室", "鶴ケ谷", "荒井", "長町", "秋保", "泉ケ丘",
          "将監", "南光台", "連坊", "一番町", "原町", "米ケ袋", "富沢", "卸町", "榴岡"]  # fmt: skip
KANA = ["カタヒラ", "カミスギ", "ヤワタ", "サクナミ", "アヤシ", "フクムロ", "ツルガヤ", "アライ"]
WORDS = ["高齢者の見守り", "子どもたちの居場所づくり", "防災訓練", "夏祭りの運営", "清掃活動",
         "食材の寄付", "学生ボランティアの受け入れ", "地域の担い手不足", "空き家の活用"]  # fmt: skip


def _register(n: int, rng: random.Random) -> tuple[bytes, bytes]:
    from core.models import Tag
    from profiles.importer import LISTING_COLUMNS, ORG_COLUMNS

    wards = list(Tag.objects.filter(facet="area").values_list("label_ja", flat=True))
    fields = list(Tag.objects.filter(facet="field").values_list("label_ja", flat=True))
    resources = list(Tag.objects.filter(facet="resource").values_list("label_ja", flat=True))
    targets = list(Tag.objects.filter(facet="target").values_list("label_ja", flat=True))
    orgs, listings = io.StringIO(), io.StringIO()
    ow, lw = csv.writer(orgs), csv.writer(listings)
    ow.writerow(ORG_COLUMNS)
    lw.writerow([c for c in LISTING_COLUMNS if c not in ("listing_id", "status")])
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        place = rng.choice(PLACES)
        ow.writerow([
            f"R-{i:06d}", f"{place}{kind}{i}", f"{rng.choice(KANA)}{i % 97}", kind,
            rng.choice(wards), place, f"{rng.choice(WORDS)}と{rng.choice(WORDS)}に取り組みます。",
            ";".join(rng.sample(fields, 2)), str(rng.randint(1, 17)), f"r{i}@example.org",
            f"022-{i % 1000:03d}-{i % 10000:04d}", "", "はい" if kind == "企業" else "",
        ])  # fmt: skip
        for j, kind_word in enumerate(("募集", "提供")):
            lw.writerow([
                f"R-{i:06d}", kind_word, f"{rng.choice(WORDS)}（{j}）",
                f"{place}で{rng.choice(WORDS)}", ";".join([rng.choice(resources),
                                                         rng.choice(targets)]), "", "",
            ])  # fmt: skip
    return orgs.getvalue().encode("cp932"), listings.getvalue().encode("cp932")


def _clear() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE profiles_organization, profiles_historicalorganization, "
            "profiles_historicallisting, profiles_historicalorganization_fields, "
            "profiles_historicalorganization_sdgs, profiles_historicallisting_tags CASCADE"
        )


def _import(orgs: bytes, listings: bytes) -> tuple[float, object, dict]:
    """Seconds end to end, the plan, and the seconds of each phase (check, write, refresh)."""
    from profiles.importer import plan_import
    from profiles.services.imports import directory_import

    marks = {}
    started = time.perf_counter()
    plan = plan_import(organizations=(orgs, "orgs.csv"), listings=(listings, "listings.csv"))
    marks["check"] = time.perf_counter()

    def phase(name):
        marks["write"] = time.perf_counter()

    if not plan.changes_nothing:
        directory_import(plan=plan, by=None, phase=phase)
    end = time.perf_counter()
    marks.setdefault("write", end)
    phases = {
        "check": marks["check"] - started,
        "write": marks["write"] - marks["check"],
        "refresh": end - marks["write"],
    }
    return end - started, plan, phases


def _copy(orgs: bytes, listings: bytes) -> float:
    """The same rows through COPY FROM STDIN into scratch text tables (decoding included)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for name, data in (("orgs", orgs), ("listings", listings)):
            text = data.decode("cp932")
            header = next(csv.reader(io.StringIO(text)))
            columns = ", ".join(f'"{c}" text' for c in header)
            cursor.execute(f"CREATE TEMP TABLE bench_{name} ({columns}) ON COMMIT DROP")
            body = text.split("\n", 1)[1]
            with cursor.cursor.copy(f"COPY bench_{name} FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(body)
    return time.perf_counter() - started


def main() -> int:
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    import matching.scheduling

    # Reverse alerts go out later from a worker (a 5-minute window), not within the import;
    # tests run Celery eagerly, so the batch would otherwise be timed here.
    matching.scheduling.schedule_alerts = lambda: False
    if connection.vendor != "postgresql":
        print("  skipped: the import bench compares with PostgreSQL COPY; set DATABASE_URL")
        return 0
    name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{name}_bench_import"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    failed = False
    try:
        from profiles.models import Listing, Organization

        print(f"{'organizations':>13} {'listings':>9} {'import':>9} {'rows/s':>8} {'again':>8} "
              f"{'COPY':>8} {'÷COPY':>7}  goal")  # fmt: skip
        for n in SIZES:
            _clear()
            orgs, listings = _register(n, random.Random(n))
            seconds, plan, phases = _import(orgs, listings)
            assert Organization.objects.count() == n, Organization.objects.count()
            assert Listing.objects.count() == 2 * n
            again, plan_again, _phases = _import(orgs, listings)
            assert plan_again.changes_nothing
            copy = _copy(orgs, listings)
            goal = GOALS.get(n)
            verdict = "" if goal is None else ("MET" if seconds < goal else "MISSED")
            verdict += f" (<{goal:.0f} s)" if goal else ""
            failed |= verdict.startswith("MISSED")
            print(f"{n:>13,} {2 * n:>9,} {seconds:8.1f}s {3 * n / seconds:8.0f} {again:7.1f}s "
                  f"{copy:7.2f}s {seconds / copy:6.0f}×  {verdict}", flush=True)  # fmt: skip
            print(
                "              of which: " + ", ".join(f"{k} {v:.1f}s" for k, v in phases.items())
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return 1 if failed else 0
