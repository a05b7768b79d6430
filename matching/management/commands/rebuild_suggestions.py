import time

from django.core.management.base import BaseCommand

from matching.services import suggestions_rebuild


class Command(BaseCommand):
    help = "Recompute every organization's suggestions now (the nightly task does the same)."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"\r{done}/{total} organizations", ending="")
            self.stdout.flush()

        count = suggestions_rebuild(progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt suggestions for {count} organizations in {elapsed:.1f} s")
        )
