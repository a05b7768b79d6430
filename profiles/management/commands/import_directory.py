import sys

from django.core.management.base import BaseCommand

from profiles import services
from profiles.importer import ImportFileError, plan_import, preview_lines, read_path


class Command(BaseCommand):
    help = (
        "Import the support center's registers: ORGS [LISTINGS] (CSV in UTF-8/BOM/CP932, or "
        ".xlsx). Checks every row first, then writes all of it in one transaction. Idempotent "
        "on external_id and listing_id. Exit status: 2 when a file cannot be imported, 1 when "
        "no row could be read."
    )

    def add_arguments(self, parser):
        parser.add_argument("organizations", help="organizations file (.csv or .xlsx)")
        parser.add_argument("listings", nargs="?", help="needs and offers file (.csv or .xlsx)")
        parser.add_argument(
            "--dry-run", action="store_true",
            help="only show what would change (nothing is written)",
        )  # fmt: skip
        parser.add_argument(
            "--close-missing", action="store_true",
            help="close open listings of the file's organizations that the listings file lacks",
        )  # fmt: skip

    def handle(self, *args, **options):
        try:
            plan = plan_import(
                organizations=read_path(options["organizations"]),
                listings=read_path(options["listings"]) if options["listings"] else None,
            )
        except ImportFileError as exc:
            self.stderr.write(self.style.ERROR(str(exc)))
            sys.exit(2)
        preview = plan.preview()
        for line in preview["errors"]:
            self.stderr.write(self.style.ERROR(line))
        for line in preview["warnings"]:
            self.stderr.write(self.style.WARNING(line))
        for line in preview["missing"]:
            self.stdout.write(f"  ファイルにない missing: {line}")
        if not plan.rows_valid:
            self.stderr.write(self.style.ERROR("読み込めた行がありません / No row could be read"))
            sys.exit(1)
        summary = list(preview_lines({**preview, "errors": [], "warnings": []},
                                     close_missing=options["close_missing"]))  # fmt: skip
        if options["dry_run"]:
            self.stdout.write("確認のみ（書き込みません） / Dry run (nothing written)")
            for line in summary:
                self.stdout.write(line)
            return
        if plan.changes_nothing and not (options["close_missing"] and plan.missing_listings):
            self.stdout.write(self.style.SUCCESS("変更はありません / No changes"))
        else:
            services.directory_import(
                plan=plan, by=None, close_missing=options["close_missing"],
                progress=self._progress, phase=self._phase,
            )  # fmt: skip
        for line in summary:
            self.stdout.write(self.style.SUCCESS(line))

    def _progress(self, done, total):
        self.stdout.write(f"\r  {done}/{total} 行 rows", ending="")
        self.stdout.flush()
        if done == total:
            self.stdout.write("")

    def _phase(self, phase):
        if phase == "refreshing":
            self.stdout.write("提案を更新しています… / Refreshing suggestions…")
