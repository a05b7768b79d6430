import re

from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from core.models import Tag
from events.demo import DEMO_EVENTS, seed_demo_events
from matching import scheduling
from matching.introductions.demo import seed_demo_introductions
from profiles.demo import DEMO_COMPANY, DEMO_MEMBER, DEMO_STAFF
from profiles.demo_data import DESCRIPTIONS, NEEDS, OFFERS, ORGANIZATIONS
from profiles.models import Listing, Membership, Organization, User
from profiles.services.listings import listing_create
from profiles.services.organizations import organization_create

_PREFIXES = re.compile(r"^(認定NPO法人|NPO法人|一般社団法人|株式会社)\s*|\s*株式会社$")


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


# Place names Sudachi reads the common way, not Sendai's way.
_LOCAL_READINGS = {"アキホ": "アキウ", "フクシツ": "フクムロ", "モリノト": "モリノミヤコ",
                   "ハチマン": "ヤワタ", "タイハクu": "タイハクユー"}  # fmt: skip


def reading(name: str) -> str:
    """A katakana reading from Sudachi (legal-form prefixes left out, as registers sort)."""
    from core.textnorm import _tokenizer

    tokenizer, mode = _tokenizer()
    text = _PREFIXES.sub("", name).replace(" ", "")
    kana = "".join(m.reading_form() for m in tokenizer.tokenize(text, mode.C))
    kana = re.sub(r"[^\u30a1-\u30fa\u30fcA-Za-z0-9]", "", kana)
    for wrong, right in _LOCAL_READINGS.items():
        kana = kana.replace(wrong, right)
    return kana


class Command(BaseCommand):
    help = (
        "Load the demo data (idempotent): demo accounts and ~60 Sendai organizations of all six "
        "kinds across every ward, each with needs and offers; upcoming events; and a little "
        "introductions activity (an accepted introduction with a conversation and a "
        "collaboration, and a request waiting for the demo member's answer)."
    )

    def handle(self, *args, **options):
        # The demo's people are invented: the notifications seeding causes are recorded in the
        # app but mailed nowhere, so the console shows the progress and the logins.
        # Every list is rebuilt at the end: the refreshes each change would queue are skipped.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            scheduling.paused(),
        ):
            self._seed()

    def _seed(self):
        with transaction.atomic():
            staff = ensure_demo_user(*DEMO_STAFF, staff=True)
            member = ensure_demo_user(*DEMO_MEMBER, staff=False)
            company = ensure_demo_user(*DEMO_COMPANY, staff=False)
        tags = {(t.facet, t.slug): t for t in Tag.objects.all()}
        sdg_by_number = {t.number: t for t in Tag.objects.filter(facet="sdg")}
        total = len(ORGANIZATIONS)
        created = 0
        for index, row in enumerate(ORGANIZATIONS, start=1):
            created += self._organization(row, index, staff, member, tags, sdg_by_number)
            self.stdout.write(f"\r  団体 organizations {index}/{total}", ending="")
            self.stdout.flush()
        self.stdout.write("")
        self._events_introductions_and_suggestions(staff, member, company)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready / デモデータを用意しました（新規 {created} 団体 / "
                f"{created} new organizations）"
            )
        )
        self.stdout.write(f"  staff  (支援センター職員): {DEMO_STAFF[0]} / {DEMO_STAFF[1]}")
        self.stdout.write(f"  member (団体メンバー):     {DEMO_MEMBER[0]} / {DEMO_MEMBER[1]}")
        self.stdout.write(f"  company (企業メンバー):    {DEMO_COMPANY[0]} / {DEMO_COMPANY[1]}")

    def _events_introductions_and_suggestions(self, staff, member, company):
        new = seed_demo_events(by=staff)
        self.stdout.write(f"  催し events: {len(new)} new / {len(DEMO_EVENTS)}")
        seed_demo_introductions(member=member, company_member=company, log=self.stdout.write)
        # Stored suggestions for every demo organization at once, whether or not a worker is
        # running, so the demo opens with suggestions in place.
        call_command("rebuild_suggestions", stdout=self.stdout)

    @transaction.atomic
    def _organization(self, row, index, staff, member, tags, sdg_by_number) -> int:
        key, kind, name, ward, district, fields, sdgs, extra = row
        external_id = f"demo-{key}"
        if Organization.objects.filter(external_id=external_id).exists():
            return 0
        org = organization_create(
            by=staff,
            publish=True,
            # The member's 町内会 stays unverified, so its new listings show the review queue.
            verified=key != "katahira1",
            external_id=external_id,
            kind=kind,
            name=name,
            name_kana=reading(name),
            ward=tags[("area", ward)],
            district=district,
            description=DESCRIPTIONS[kind].format(
                district=district, industry=extra.get("industry", "")
            ),
            contact_email=f"info@{key}.example.jp",
            contact_phone=f"022-{200 + index:03d}-{1000 + index * 7:04d}",
            fields=[tags[("field", f)] for f in fields],
            sdgs=[sdg_by_number[n] for n in sdgs],
            **extra,
        )
        if key == "katahira1":
            Membership.objects.get_or_create(
                user=member, organization=org, defaults={"role": "owner"}
            )
        needs, offers = NEEDS[kind], OFFERS[kind]
        chosen = [("need", needs[index % len(needs)]), ("offer", offers[index % len(offers)])]
        if index % 3 == 0:
            chosen.append(("need", needs[(index + 1) % len(needs)]))
        for listing_kind, (title, description, slugs) in chosen:
            listing_tags = [tags.get(("resource", s)) or tags[("target", s)] for s in slugs]
            listing_create(
                organization=org,
                by=staff,
                kind=listing_kind,
                title=title,
                description=description,
                tags=listing_tags,
            )
        if key == "katahira1":
            # Written by the member: waits for the support center's review.
            listing_create(
                organization=org,
                by=member,
                kind="need",
                title="子ども見守り隊の協力者",
                description="登下校の時間に通学路に立ってくださる方を探しています。",
                tags=[tags[("resource", "volunteers")], tags[("target", "children")]],
            )
        return 1


__all__ = ["Listing"]
