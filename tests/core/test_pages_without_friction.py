"""Pages that made people work (issue 15, part 6): staff land on the console, the console shows
a partner's fit in words and a bar rather than the raw score, each role is told what really
happened to its event, and the directory's yes/no filters start at "any"."""

import pytest
from django.test import Client
from django.urls import reverse

from events.models import EventStatus
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.helpers import make_event

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


def test_the_home_page_opens_with_a_search_box_and_a_way_in(client):
    body = client.get("/").content.decode()
    assert f'action="{reverse("profiles:directory")}" role="search"' in body
    assert 'name="q" id="home-q"' in body
    assert "団体を登録する（無料）" in body


def test_a_visitor_on_an_organization_page_is_invited_to_sign_in_and_ask(client, npo):
    body = client.get(reverse("profiles:detail", args=[npo.pk])).content.decode()
    assert "ログインして紹介を依頼する" in body
    assert f"/accounts/login/?next=/organizations/{npo.pk}/" in body


def test_a_signed_in_member_is_not_asked_to_sign_in(npo, chonaikai_owner):
    client = Client()
    client.force_login(chonaikai_owner)
    body = client.get(reverse("profiles:detail", args=[npo.pk])).content.decode()
    assert "ログインして紹介を依頼する" not in body
    assert "紹介を依頼する" in body


def _png():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_an_owner_can_remove_the_logo(chonaikai, chonaikai_owner, settings, tmp_path):
    from frontend.profiles.forms import OrganizationForm
    from profiles.services.organizations import organization_update

    settings.MEDIA_ROOT = tmp_path
    edit = reverse("profiles:edit", args=[chonaikai.pk])
    client = Client()
    client.force_login(chonaikai_owner)
    assert "いまのロゴを削除する" not in client.get(edit).content.decode()  # nothing to remove

    organization_update(organization=chonaikai, by=chonaikai_owner, logo=_png())
    chonaikai.refresh_from_db()
    assert chonaikai.logo
    assert "いまのロゴを削除する" in client.get(edit).content.decode()

    form = OrganizationForm(instance=chonaikai)
    form.cleaned_data = {"fields_": [], "sdgs": [], "logo": None, "remove_logo": True}
    kwargs = form.service_kwargs()
    assert kwargs["logo"] is False
    organization_update(organization=chonaikai, by=chonaikai_owner, **kwargs)
    chonaikai.refresh_from_db()
    assert not chonaikai.logo


def test_another_organizations_member_cannot_remove_the_logo(chonaikai, company_member):
    from core.errors import ApplicationError
    from profiles.services.organizations import organization_update

    with pytest.raises(ApplicationError):
        organization_update(organization=chonaikai, by=company_member, logo=False)
