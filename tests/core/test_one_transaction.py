"""One transaction per request: the service that writes is the transaction (no
ATOMIC_REQUESTS, no view opening its own), so a failure halfway through it leaves nothing; the
one third-party page that writes in several steps (allauth's sign-up) is atomic on purpose."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.test import Client

from profiles.adapter import AccountAdapter
from profiles.models import Organization, User
from profiles.services.organizations import organization_create
from tests.factories import tag, tags

pytestmark = pytest.mark.django_db


def test_a_profile_refused_after_its_row_was_written_leaves_no_organization(staff):
    # The row is saved before its tags are checked: an SDG offered as a field of activity is
    # refused after the write, and the service's transaction takes the row back with it.
    before = Organization.objects.count()
    with pytest.raises(ValidationError):
        organization_create(
            by=staff, publish=True, kind="npo", name="途中で止まる団体", name_kana="トチュウ",
            ward=tag("area", "aoba"), fields=tags("sdg", "sdg-1"),
        )  # fmt: skip
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(name="途中で止まる団体").exists()


def test_a_sign_up_that_fails_after_the_account_was_written_leaves_no_account(monkeypatch):
    # The confirmation e-mail goes out after the account and its address are written.
    def mail_server_down(self, template_prefix, email, context):
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(AccountAdapter, "send_mail", mail_server_down)
    client = Client(raise_request_exception=False)
    password = "kawauchi-2026-sendai"
    response = client.post(
        "/accounts/signup/",
        {"email": "halfway@example.org", "password1": password, "password2": password,
         "display_name": "途中の人", "preferred_language": "ja"},
    )  # fmt: skip
    assert response.status_code == 500
    assert not User.objects.filter(email="halfway@example.org").exists()
    assert not EmailAddress.objects.filter(email="halfway@example.org").exists()
