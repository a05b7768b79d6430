import sys

from django.core.management.base import BaseCommand

from profiles.importer import ImportFileError, import_directory, read_path


class Command(BaseCommand):
    help = (
        "Import the support center's registers: ORGS [LISTINGS] (CSV in UTF-8/BOM/CP932, or "
        ".xlsx). Idempotent on external_id. Exit status is non-zero only when no row was read."
    )

    def add_arguments(self, parser):
        parser.add_argument("organizations", help="organizations file (.csv or .xlsx)")
        parser.add_argument("listings", nargs="?", help="needs and offers file (.csv or .xlsx)")

    def handle(self, *args, **options):
        def progress(done, total):
            if done == total or done % 25 == 0:
                self.stdout.write(f"\r  {done}/{total} 行 rows", ending="")
                self.stdout.flush()
                if done == total:
                    self.stdout.write("")

        try:
            result = import_directory(
                by=None,
                organizations=read_path(options["organizations"]),
                listings=read_path(options["listings"]) if options["listings"] else None,
                progress=progress,
            )
        except ImportFileError as exc:
            self.stderr.write(self.style.ERROR(str(exc)))
            sys.exit(2)
        for line in result.organizations.errors + (
            result.listings.errors if result.listings else []
        ):
            self.stderr.write(self.style.ERROR(line))
        for line in result.organizations.warnings + (
            result.listings.warnings if result.listings else []
        ):
            self.stderr.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS(result.organizations.summary("団体 organizations")))
        if result.listings:
            self.stdout.write(self.style.SUCCESS(result.listings.summary("募集・提供 listings")))
        if not result.any_row_read:
            self.stderr.write(self.style.ERROR("読み込めた行がありません / No row could be read"))
            sys.exit(1)
