import io

import pytest
from django.core.management import call_command

from profiles.demo import DEMO_MEMBER
from profiles.models import Listing, Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_every_kind_in_every_ward_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    count = Organization.objects.count()
    assert count >= 55
    assert set(Organization.objects.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert Organization.objects.values("ward").distinct().count() == 7
    for org in Organization.objects.all():
        kinds = set(org.listings.values_list("kind", flat=True))
        assert kinds == {"need", "offer"}, org.name
    listings = Listing.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Organization.objects.count() == count
    assert Listing.objects.count() == listings


def test_the_demo_member_owns_a_neighborhood_association():
    call_command("seed_demo", stdout=io.StringIO())
    membership = Organization.objects.get(external_id="demo-katahira1").memberships.get()
    assert membership.user.email == DEMO_MEMBER[0]
    assert membership.role == "owner"
    assert membership.organization.kind == "neighborhood_association"


def test_seed_demo_also_builds_events_and_introductions_and_running_it_again_adds_nothing():
    from events.demo import DEMO_EVENTS
    from events.models import Event
    from matching.introductions.models import Collaboration, Introduction, Message

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"催し events: {len(DEMO_EVENTS)} new" in out.getvalue()
    assert "紹介 introductions: 2 new" in out.getvalue()

    def counts():
        return {
            "events": Event.objects.filter(status="published").count(),
            "accepted": Introduction.objects.filter(status="accepted").count(),
            "requested": Introduction.objects.filter(status="requested").count(),
            "messages": Message.objects.count(),
            "collaborations": Collaboration.objects.count(),
        }

    first = counts()
    # The demo 四方よし company adds two accepted introductions, each with a collaboration.
    assert first == {
        "events": len(DEMO_EVENTS),
        "accepted": 3,
        "requested": 1,
        "messages": 4,
        "collaborations": 3,
    }
    again = io.StringIO()
    call_command("seed_demo", stdout=again)
    assert counts() == first
    assert "紹介 introductions: 0 new" in again.getvalue()


def test_the_demo_member_finds_a_conversation_a_request_to_answer_and_a_shown_collaboration(
    client,
):
    from profiles.models import User

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email=DEMO_MEMBER[0]))
    inbox = client.get("/introductions/").content.decode()
    assert "株式会社 杜の都電機" in inbox
    conversations = client.get("/introductions/conversations/").content.decode()
    assert "みやぎ防災サポート" in conversations
    town = Organization.objects.get(external_id="demo-katahira1")
    partner = Organization.objects.get(external_id="demo-bosai-support")
    for org in (town, partner):
        assert (
            "片平一丁目 秋の合同防災訓練"
            in client.get(f"/organizations/{org.pk}/").content.decode()
        )


def test_the_demo_company_finds_groups_for_what_it_offers_and_has_a_report(client):
    """「企業の方へ」 on the demo data: employee volunteers, sponsorship and IT help each meet
    some group's need; the demo 四方よし company's report has this year's figures."""
    from django.urls import reverse

    from matching.introductions.selectors import fiscal_year_of
    from profiles.demo import DEMO_COMPANY
    from profiles.models import User

    call_command("seed_demo", stdout=io.StringIO())
    user = User.objects.get(email=DEMO_COMPANY[0])
    client.force_login(user)
    for offer in ("employee-volunteers", "funding", "it-digital"):
        page = client.get(reverse("for_companies"), {"offer": offer}).content.decode()
        assert "1位" in page, offer
    company = Organization.objects.get(external_id="demo-mori-denki")
    assert company.yoshi_declared
    from django.utils import timezone

    year = fiscal_year_of(timezone.localdate())
    url = reverse("introductions:csr_report", args=[company.pk]) + f"?year={year}"
    page = client.get(url).content.decode()
    assert "避難所の非常用電源の点検と講習" in page
    assert "120 時間" in page
    assert "210,000 円" in page
    assert "来年もお願いしたいです" in page  # the partner consented to be quoted
