from pathlib import Path

from django.core.management.base import BaseCommand

from profiles.importer import export_listings, export_organizations
from profiles.models import Listing, Organization


class Command(BaseCommand):
    help = (
        "Write the published directory in the import format: ORGS [LISTINGS] (UTF-8 CSV). "
        "For the support center's own register: contact columns are included."
    )

    def add_arguments(self, parser):
        parser.add_argument("organizations")
        parser.add_argument("listings", nargs="?")

    def handle(self, *args, **options):
        orgs = Organization.objects.published()
        Path(options["organizations"]).write_text(
            export_organizations(viewer=None, queryset=orgs), encoding="utf-8"
        )
        if options["listings"]:
            listings = Listing.objects.published().filter(organization__in=orgs)
            Path(options["listings"]).write_text(
                export_listings(viewer=None, queryset=listings), encoding="utf-8"
            )
        self.stdout.write(self.style.SUCCESS(f"書き出しました / Exported {orgs.count()}"))
