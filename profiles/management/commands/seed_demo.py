from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction

from profiles.demo import DEMO_MEMBER, DEMO_STAFF
from profiles.models import User


def ensure_demo_user(email: str, password: str, display_name: str, *, staff: bool) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"display_name": display_name, "is_staff": staff}
    )
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


class Command(BaseCommand):
    help = "Load the demo data (idempotent): demo accounts and, as they land, demo organizations."

    def handle(self, *args, **options):
        with transaction.atomic():
            ensure_demo_user(*DEMO_STAFF, staff=True)
            ensure_demo_user(*DEMO_MEMBER, staff=False)
        self.stdout.write(self.style.SUCCESS("Demo data ready / デモデータを用意しました"))
        self.stdout.write(f"  staff  (支援センター職員): {DEMO_STAFF[0]} / {DEMO_STAFF[1]}")
        self.stdout.write(f"  member (団体メンバー):     {DEMO_MEMBER[0]} / {DEMO_MEMBER[1]}")
