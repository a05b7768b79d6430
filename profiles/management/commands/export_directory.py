from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from profiles.importer import (
    EXPORT_FORMATS,
    encode_rows,
    listing_export_rows,
    organization_export_rows,
)
from profiles.selectors import register_listings, register_organizations


class Command(BaseCommand):
    help = (
        "Write the published directory in the import format: ORGS [LISTINGS]. The format follows "
        "the file name (.xlsx) or --format: csv (UTF-8 with BOM), csv-cp932 (Shift_JIS) or xlsx. "
        "For the support center's own register: contact columns are included, and closed "
        "listings with their listing_id and status, so that editing the file and importing it "
        "again changes exactly what was edited."
    )

    def add_arguments(self, parser):
        parser.add_argument("organizations")
        parser.add_argument("listings", nargs="?")
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default=None)

    def _format(self, path: str, chosen: str | None) -> str:
        if chosen:
            return chosen
        return "xlsx" if path.lower().endswith(".xlsx") else "csv"

    def handle(self, *args, **options):
        orgs = register_organizations()
        path = options["organizations"]
        fmt = self._format(path, options["format"])
        if fmt == "xlsx" and not path.lower().endswith(".xlsx"):
            raise CommandError("--format xlsx needs a file name ending in .xlsx")
        Path(path).write_bytes(
            encode_rows(organization_export_rows(viewer=None, queryset=orgs), fmt)
        )
        count = orgs.count()
        if options["listings"]:
            listings_path = options["listings"]
            Path(listings_path).write_bytes(
                encode_rows(
                    listing_export_rows(viewer=None, queryset=register_listings()),
                    self._format(listings_path, options["format"]),
                )
            )
        self.stdout.write(self.style.SUCCESS(f"書き出しました / Exported {count}"))
