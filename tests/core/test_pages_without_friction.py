"""Pages that made people work (issue 15, part 6): staff land on the console, the console shows
a partner's fit in words and a bar rather than the raw score, each role is told what really
happened to its event, and the directory's yes/no filters start at "any"."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import EventStatus
from tests.events.conftest import make_event
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "kawauchi-2026-sendai"


def _signed_in_with_password(user) -> tuple[Client, str]:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    return client, response["Location"]


def test_staff_land_on_the_console_after_signing_in():
    _client, landed = _signed_in_with_password(UserFactory(is_staff=True))
    assert landed == reverse("console:home")


def test_members_land_on_their_home_page_after_signing_in(chonaikai_owner):
    _client, landed = _signed_in_with_password(chonaikai_owner)
    assert landed == "/"


def test_the_curate_page_shows_fit_in_words_and_a_bar_not_a_raw_score(staff, chonaikai):
    from django.utils import timezone

    from matching.models import Suggestion

    now = timezone.now()
    best, other = OrganizationFactory(name="よく合う会"), OrganizationFactory(name="少し合う会")
    Suggestion.objects.create(
        organization=chonaikai, partner=best, score=31578, rank=1, reasons=[], computed_at=now
    )
    Suggestion.objects.create(
        organization=chonaikai, partner=other, score=9000, rank=2, reasons=[], computed_at=now
    )
    client = Client()
    client.force_login(staff)
    body = client.get(reverse("console:curate_organization", args=[chonaikai.pk])).content.decode()
    assert "31578" not in body
    assert "スコア" not in body
    assert "相性: とても合う" in body
    assert "相性: やや合う" in body
    assert '<meter min="0" max="100" value="100"' in body
    assert '<meter min="0" max="100" value="29"' in body


def test_staff_publishing_a_support_center_event_are_told_it_is_published(staff):
    event = make_event(status=EventStatus.DRAFT)
    client = Client()
    client.force_login(staff)
    response = client.post(reverse("events:action", args=[event.pk, "submit"]), follow=True)
    body = response.content.decode()
    assert "公開しました。" in body
    assert "申請しました" not in body


def test_an_organization_submitting_an_event_is_told_it_waits_for_review(chonaikai):
    member = MembershipFactory(organization=chonaikai).user
    event = make_event(organizer_org=chonaikai, status=EventStatus.DRAFT)
    client = Client()
    client.force_login(member)
    response = client.post(reverse("events:action", args=[event.pk, "submit"]), follow=True)
    assert "申請しました。支援センターの確認後に公開されます。" in response.content.decode()


def test_another_organizations_member_cannot_submit_the_event(chonaikai, company_member):
    event = make_event(organizer_org=chonaikai, status=EventStatus.DRAFT)
    client = Client()
    client.force_login(company_member)
    response = client.post(reverse("events:action", args=[event.pk, "submit"]))
    assert response.status_code in (403, 404)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_the_directory_yes_no_filters_start_at_any(client, company, npo):
    body = client.get(reverse("profiles:directory")).content.decode()
    assert "不明" not in body
    assert '<option value="" selected>指定なし</option>' in body
    yoshi = client.get(reverse("profiles:directory"), {"yoshi": "true"}).content.decode()
    assert company.name in yoshi
    assert npo.name not in yoshi
