import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from profiles.importer import (
    ImportFileError,
    message_text,
    plan_import,
    read_path,
    summary_messages,
)
from profiles.services.imports import directory_import


def both(message: dict) -> str:
    """The operator's console reads both languages: 日本語 / English."""
    return f"{message_text(message, 'ja')} / {message_text(message, 'en')}"


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
            for message in exc.messages:
                self.stderr.write(self.style.ERROR(both(message)))
            sys.exit(2)
        preview = plan.preview()
        for message in preview["errors"]:
            self.stderr.write(self.style.ERROR(both(message)))
        for message in preview["warnings"]:
            self.stderr.write(self.style.WARNING(both(message)))
        for line in preview["missing"]:
            self.stdout.write(f"  ファイルにない / missing from the file: {line}")
        if not plan.rows_valid:
            self.stderr.write(self.style.ERROR("読み込めた行がありません / No row could be read"))
            sys.exit(1)
        close_missing = options["close_missing"]
        summary = [both(m) for m in summary_messages(preview, close_missing=close_missing)]
        if options["dry_run"]:
            self.stdout.write("確認のみ（書き込みません） / Dry run (nothing written)")
            for line in summary:
                self.stdout.write(line)
            return
        if plan.changes_nothing and not (close_missing and plan.missing_listings):
            self.stdout.write(self.style.SUCCESS("変更はありません / No changes"))
        else:
            total = plan.rows_to_write + (len(plan.missing_listings) if close_missing else 0)
            with tqdm(total=total, unit="行 rows", file=self.stdout, ascii=True) as bar:

                def progress(done, _total):
                    bar.update(done - bar.n)

                def phase(name):
                    bar.set_description("提案を更新中 refreshing suggestions")

                directory_import(
                    plan=plan, by=None, close_missing=close_missing, progress=progress,
                    phase=phase,
                )  # fmt: skip
        for line in summary:
            self.stdout.write(self.style.SUCCESS(line))
