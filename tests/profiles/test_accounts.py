"""Accounts: sign-up with e-mail confirmation, log in, password reset, brute-force protection."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from profiles.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "kawauchi-2026-sendai"


def _sign_up(client, email="new@example.org", **extra):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD,
         "display_name": "新しい人", "preferred_language": "en", **extra},
    )  # fmt: skip


def test_sign_up_sends_a_confirmation_email_and_keeps_the_choices():
    from django.test import Client

    client = Client()
    response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.display_name == "新しい人"
    assert user.preferred_language == "en"
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_unconfirmed_address_cannot_log_in_until_confirmed(client):
    _sign_up(client)
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]

    key = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body).group(1)
    client.post(f"/accounts/confirm-email/{key}/")
    assert EmailAddress.objects.get(email="new@example.org").verified
    client.logout()
    client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.org").pk)


def test_signing_up_twice_with_one_address_makes_no_second_account(client):
    _sign_up(client)
    client.logout()
    _sign_up(client)
    # allauth does not reveal that the address is taken (no account enumeration), and no
    # second account is made.
    assert User.objects.filter(email="new@example.org").count() == 1


def _verified_user(email="member@example.org"):
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = _verified_user()
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(
        1
    )
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "new-pass-2026-xyz", "password2": "new-pass-2026-xyz"})
    user.refresh_from_db()
    assert user.check_password("new-pass-2026-xyz")


def test_repeated_wrong_passwords_lock_the_account_out_for_a_while(client):
    user = _verified_user()
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    # Even the right password is refused now: the attacker cannot keep guessing.
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}


def test_a_few_wrong_passwords_do_not_lock_the_owner_out(client):
    user = _verified_user()
    for _ in range(2):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_change_email_page_needs_login(client):
    response = client.get("/accounts/email/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(_verified_user())
    assert client.get("/accounts/email/").status_code == 200
