"""Every form that takes `next` sends people back only to a page of this site.

The four spellings browsers read as another host: a full URL, a scheme-relative one, a scheme
without slashes and a backslash that browsers turn into a slash."""

import pytest

from tests.helpers import make_event

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
]


def assert_stays_on_site(response, fallback_prefix: str):
    assert response.status_code == 302
    location = response["Location"]
    assert "evil.example" not in location
    assert location.startswith(fallback_prefix)


@pytest.mark.parametrize("target", OFF_SITE)
def test_acting_for_an_organization_never_leaves_the_site(
    client, chonaikai_owner, chonaikai, target
):
    client.force_login(chonaikai_owner)
    response = client.post(
        "/organizations/act-for/", {"organization": chonaikai.pk, "next": target}
    )
    assert_stays_on_site(response, "/organizations/mine/")


def test_acting_for_an_organization_returns_to_the_page_it_came_from(
    client, chonaikai_owner, chonaikai
):
    client.force_login(chonaikai_owner)
    response = client.post(
        "/organizations/act-for/", {"organization": chonaikai.pk, "next": "/events/?ward=aoba"}
    )
    assert response["Location"] == "/events/?ward=aoba"


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_staff_review_action_never_leaves_the_site(client, staff, chonaikai, target):
    client.force_login(staff)
    response = client.post(
        f"/staff/review/organization/{chonaikai.pk}/",
        {"action": "publish", "comment": "", "next": target},
    )
    assert_stays_on_site(response, "/staff/review/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_event_review_action_never_leaves_the_site(client, staff, target):
    event = make_event(status="pending")
    client.force_login(staff)
    response = client.post(f"/events/{event.pk}/publish/", {"next": target})
    assert_stays_on_site(response, f"/events/{event.pk}/manage/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_cancelling_a_registration_never_leaves_the_site(
    client, chonaikai_owner, chonaikai, target
):
    from events import services

    event = make_event()
    registration = services.registration_create(
        event=event, by=chonaikai_owner, organization=chonaikai
    )
    client.force_login(chonaikai_owner)
    response = client.post(f"/events/registrations/{registration.pk}/cancel/", {"next": target})
    assert_stays_on_site(response, f"/events/{event.pk}/")


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_language_switch_never_leaves_the_site(client, target):
    response = client.post("/language/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signing_in_never_leaves_the_site(client, target):
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(email="volunteer@example.org")
    user.set_password("a-long-pass-phrase-2026")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": "a-long-pass-phrase-2026", "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_opening_a_notification_never_leaves_the_site(client, outsider, target):
    from core.notifications import notify

    notification = notify(user=outsider, kind="test", title="お知らせ", url=target, email=False)
    client.force_login(outsider)
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert_stays_on_site(response, "/notifications/")
