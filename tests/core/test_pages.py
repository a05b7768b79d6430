import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_japanese_by_default_with_landmarks(client):
    html = client.get("/").content.decode()
    assert '<html lang="ja">' in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert "<nav" in html
    assert "<footer" in html
    assert "地域の「困った」と「できる」をつなぐ" in html


def test_an_english_browser_still_gets_japanese_until_it_chooses(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html


def test_language_switch_turns_the_page_english(client):
    response = client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Connecting" in html


def test_language_choice_is_remembered_on_the_account(client, django_user_model):
    user = django_user_model.objects.create_user(email="l@example.org", password="pw-123456789")
    client.force_login(user)
    client.post("/language/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_signed_in_person_reads_their_preferred_language(client, django_user_model):
    user = django_user_model.objects.create_user(
        email="e@example.org", password="pw-123456789", preferred_language="en"
    )
    client.force_login(user)
    assert '<html lang="en">' in client.get("/").content.decode()


def test_no_page_loads_anything_from_another_host(client):
    html = client.get("/").content.decode()
    for attribute in ('src="http', 'src="//', 'href="//'):
        assert attribute not in html
    assert "/static/django_htmx/htmx-2.min.js" in html


def test_login_page_uses_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="skip-link"' in html
    assert 'id="main"' in html
