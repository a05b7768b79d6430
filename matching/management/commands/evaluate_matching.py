import json
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from matching.evaluation import baseline_rank, evaluate, live_report
from matching.introductions.selectors import introduction_outcomes
from matching.models import Suggestion
from matching.selectors import dismissal_counts, introductions_requested_from_suggestions
from profiles.models import Organization


class Command(BaseCommand):
    help = (
        "Measure the stored suggestions against a labelled set: precision@k, recall@10, MRR. "
        "Reads the current database's suggestions; loads nothing and computes nothing itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "truth", nargs="?", help="TRUTH.json: {probes: [{org, good: [...], first?}]}"
        )
        parser.add_argument(
            "--live",
            action="store_true",
            help="report how real introductions from suggestions ended, and the "
            "not-interested reasons (no truth file needed)",
        )
        parser.add_argument(
            "--since", type=int, metavar="DAYS", help="with --live: only answers of the last DAYS"
        )
        parser.add_argument(
            "--baseline",
            action="store_true",
            help="also score the plain baseline (resource tags met both ways + same ward) on "
            "the same database and print both rows side by side",
        )
        parser.add_argument("--k", type=int, default=5, help="k of precision@k (default 5)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )

    def handle(
        self, *args, truth, k, as_json=False, live=False, since=None, baseline=False, **options
    ):
        if live:
            return self.live(as_json=as_json, since=since)
        if not truth:
            raise CommandError(
                "正解データのファイルを指定してください / Give a TRUTH.json (or --live)"
            )
        try:
            with open(truth, encoding="utf-8") as f:
                labelled = json.load(f)
            labelled["probes"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(
                f"正解データを読めません / Cannot read the truth file: {exc}"
            ) from exc
        if k < 1:
            raise CommandError("--k は1以上 / --k must be at least 1")
        ranked = self.ranked(labelled)
        result = evaluate(labelled, ranked, k=k)
        base = evaluate(labelled, self.baseline_ranked(labelled), k=k) if baseline else None
        if as_json:
            if base is not None:
                result["baseline"] = base
            result["feedback"] = {
                "not_interested": dismissal_counts(),
                "introductions_requested": introductions_requested_from_suggestions(),
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if base is not None:
            self.side_by_side(result, base, k)
            return
        self.stdout.write(f"probes        {len(result['probes'])}")
        self.stdout.write(f"precision@{k:<3} {result['precision_at_k']:.3f}")
        self.stdout.write(f"recall@10     {result['recall_at_10']:.3f}")
        self.stdout.write(f"MRR           {result['mrr']:.3f}")
        self.stdout.write(f"first hits    {result['first_hits']}/{result['first_probes']}")
        self.stdout.write("")
        self.stdout.write(f"{'probe':<22} {'P@' + str(k):>6} {'R@10':>6} {'RR':>6}  top 5")
        for p in result["probes"]:
            self.stdout.write(
                f"{p['org']:<22} {p['precision_at_k']:>6.2f} {p['recall_at_10']:>6.2f} "
                f"{p['reciprocal_rank']:>6.2f}  {', '.join(p['ranked'][:5])}"
            )
        counts = dismissal_counts()
        self.stdout.write("")
        self.stdout.write("not-interested feedback: " + ", ".join(
            f"{reason or 'no reason'}={n}" for reason, n in counts.items()
        ))  # fmt: skip
        requested = introductions_requested_from_suggestions()
        self.stdout.write(f"introductions requested from suggestions: {requested}")

    def side_by_side(self, result: dict, base: dict, k: int) -> None:
        self.stdout.write(f"probes {len(result['probes'])}")
        head = (
            f"{'':<10} {'nP@' + str(k):>6} {'P@' + str(k):>6} {'R@10':>6} {'MRR':>6} "
            f"{'first':>7} {'decoys@' + str(k):>9}"
        )
        self.stdout.write(head)
        for label, r in (("baseline", base), ("matcher", result)):
            first = f"{r['first_hits']}/{r['first_probes']}"
            self.stdout.write(
                f"{label:<10} {r['normalised_precision_at_k']:>6.3f} {r['precision_at_k']:>6.3f} "
                f"{r['recall_at_10']:>6.3f} {r['mrr']:>6.3f} {first:>7} "
                f"{r['decoys_in_top_k']:>9}"
            )
        self.stdout.write("")
        self.stdout.write(
            f"{'probe':<22} {'RR base':>7} {'RR':>5}  matcher top 5 (decoys marked *)"
        )
        for mine, theirs in zip(result["probes"], base["probes"], strict=True):
            decoys = set(mine["decoys_in_top_k"])
            top = ", ".join(x + ("*" if x in decoys else "") for x in mine["ranked"][:k])
            self.stdout.write(
                f"{mine['org']:<22} {theirs['reciprocal_rank']:>7.2f} "
                f"{mine['reciprocal_rank']:>5.2f}  {top}"
            )

    def baseline_ranked(self, labelled) -> dict[str, list[str]]:
        from matching.services import directory_snapshot

        profiles = {p.id: p for p in directory_snapshot()}
        external = dict(Organization.objects.values_list("pk", "external_id"))
        wanted = {p["org"] for p in labelled["probes"]}
        return {
            external[org_id]: [external[b] or "" for b in baseline_rank(profiles, org_id)]
            for org_id in profiles
            if external.get(org_id) in wanted
        }

    def live(self, *, as_json: bool, since: int | None):
        if since is not None and since < 1:
            raise CommandError("--since は1以上 / --since must be at least 1")
        after = timezone.now() - timedelta(days=since) if since else None
        report = live_report(
            list(introduction_outcomes(since=after)), dismissals=dismissal_counts()
        )
        report["introductions_requested"] = introductions_requested_from_suggestions()
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        self.stdout.write(
            f"introductions requested from suggestions: {report['introductions_requested']}"
        )
        self.stdout.write("")
        self.stdout.write(
            f"{'how they ended':<18} {'answered':>8} {'accepted':>8} {'declined':>8} "
            f"{'expired':>8} {'withdrawn':>9} {'accept%':>8}"
        )
        for label, key in (
            ("from suggestions", "from_suggestions"),
            ("other requests", "other_requests"),
            ("staff proposals", "staff_proposals"),
        ):
            t = report[key]
            rate = "-" if t["acceptance_rate"] is None else f"{t['acceptance_rate']:.0%}"
            self.stdout.write(
                f"{label:<18} {t['answered']:>8} {t['accepted']:>8} {t['declined']:>8} "
                f"{t['expired']:>8} {t['withdrawn']:>9} {rate:>8}"
            )
        self.stdout.write("")
        declines = report["from_suggestions"]["decline_reasons"]
        self.stdout.write("declined from suggestions, by reason: " + (", ".join(
            f"{reason or 'no reason'}={n}" for reason, n in declines.items()
        ) or "none"))  # fmt: skip
        self.stdout.write("not-interested feedback: " + ", ".join(
            f"{reason or 'no reason'}={n}" for reason, n in report["not_interested"].items()
        ))  # fmt: skip

    def ranked(self, labelled) -> dict[str, list[str]]:
        wanted = [p["org"] for p in labelled["probes"]]
        ids = dict(
            Organization.objects.filter(external_id__in=wanted).values_list("external_id", "pk")
        )
        missing = sorted(set(wanted) - set(ids))
        if missing:
            self.stderr.write(f"not in this database: {', '.join(missing)}")
        rows = (
            Suggestion.objects.filter(organization_id__in=ids.values())
            .order_by("organization_id", "rank")
            .values_list("organization__external_id", "partner__external_id")
        )
        ranked: dict[str, list[str]] = {}
        for org, partner in rows:
            ranked.setdefault(org, []).append(partner or "")
        return ranked
