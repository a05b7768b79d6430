import json

from django.core.management.base import BaseCommand, CommandError

from matching.evaluation import evaluate
from matching.models import Suggestion
from matching.selectors import dismissal_counts, introductions_requested_from_suggestions
from profiles.models import Organization


class Command(BaseCommand):
    help = (
        "Measure the stored suggestions against a labelled set: precision@k, recall@10, MRR. "
        "Reads the current database's suggestions; loads nothing and computes nothing itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("truth", help="TRUTH.json: {probes: [{org, good: [...], first?}]}")
        parser.add_argument("--k", type=int, default=5, help="k of precision@k (default 5)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object"
        )

    def handle(self, *args, truth, k, as_json=False, **options):
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
        if as_json:
            result["feedback"] = {
                "not_interested": dismissal_counts(),
                "introductions_requested": introductions_requested_from_suggestions(),
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False))
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
