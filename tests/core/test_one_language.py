"""One language at a time: no message reads 「…選んでください / Choose …」; every page is titled
「ページ名 | つなぐ」 ("Page | Tsunagu" in English) and has a favicon; e-mails name the host
of their own links (SITE_URL), and notifications are written in the recipient's language."""

import re
from pathlib import Path

import polib
import pytest
from django.core import mail
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale/en/LC_MESSAGES/django.po"
APPS = ("core", "events", "frontend", "matching", "profiles")

JA = r"[\u3040-\u30ff\u4e00-\u9fff]"
# A Japanese sentence, a slash, then an English word — or the other way round.
MIXED = re.compile(
    rf"{JA}[^/\n]{{0,80}}\s/\s*[A-Za-z]{{2,}}|[A-Za-z]{{3,}}[^/\n]{{0,80}}\s/\s*{JA}"
)

# Source files whose " / " strings are not shown to a member in the site's language: the
# operator's console commands and the OpenAPI descriptions (the API documentation, in
# core/settings.py and the api modules, is written for developers in both languages on
# purpose).
NOT_SHOWN_ON_PAGES = (
    "/management/commands/",
    "/api.py",
    "core/settings.py",
)


def test_no_catalogue_message_mixes_two_languages():
    mixed = [
        (e.msgid, e.msgstr)
        for e in polib.pofile(str(PO))
        if not e.obsolete and (MIXED.search(e.msgid) or MIXED.search(e.msgstr))
    ]
    assert mixed == []


def test_no_english_translation_repeats_the_japanese_sentence():
    # Japanese may appear in an English message as an example (「こども食堂」), never the
    # whole Japanese source in front of its translation.
    repeated = [e.msgid for e in polib.pofile(str(PO)) if e.msgstr and e.msgid in e.msgstr]
    assert [m for m in repeated if re.search(JA, m)] == []


def _templates():
    for app in APPS:
        yield from (ROOT / app).rglob("templates/**/*.html")
        yield from (ROOT / app).rglob("templates/**/*.txt")


def test_no_template_text_mixes_two_languages():
    found = []
    for path in _templates():
        text = re.sub(
            r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}",
            "",
            path.read_text(),
            flags=re.S,
        )
        text = re.sub(r"<[^>]+>", " ", text)  # attributes (lang="en" …) are not prose
        found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in MIXED.finditer(text)]
    assert found == []


def test_no_python_message_mixes_two_languages():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = str(path.relative_to(ROOT))
            if "/migrations/" in rel or any(part in f"/{rel}" for part in NOT_SHOWN_ON_PAGES):
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                code = line.split("#", 1)[0]
                for literal in re.findall(r'"([^"\\]*(?:\\.[^"\\]*)*)"', code):
                    if MIXED.search(literal):
                        found.append(f"{rel}:{number}: {literal}")
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "home", "events"),
    [
        ("ja", "ホーム | つなぐ", "交流イベント | つなぐ"),
        ("en", "Home | Tsunagu", "Exchange events | Tsunagu"),
    ],
)
def test_page_titles_name_the_page_then_the_site(language, home, events):
    client = Client(headers={"accept-language": language})
    client.cookies["django_language"] = language
    for url, title in (("/", home), ("/events/", events)):
        html = client.get(url).content.decode()
        assert f"<title>{title}</title>" in html


@pytest.mark.django_db
def test_every_page_links_a_favicon_that_exists(client):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+\.svg)"', html).group(1)
    assert (ROOT / "frontend/static" / icon.split("/static/", 1)[1]).exists()
    response = client.get("/favicon.ico")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("frontend/favicon.ico")


@pytest.mark.django_db
@override_settings(SITE_URL="https://tsunagu.example.org")
def test_the_confirmation_email_names_the_host_of_its_own_link():
    client = Client(headers={"accept-language": "ja"})
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "kawauchi-2026-sendai",
         "password2": "kawauchi-2026-sendai", "display_name": "新しい人",
         "preferred_language": "ja"},
    )  # fmt: skip
    message = mail.outbox[-1]
    links = re.findall(r"https?://[^\s]+", message.body)
    assert links
    assert all(link.startswith("https://tsunagu.example.org/") for link in links)
    assert "testserver" not in message.body
    assert "127.0.0.1" not in message.body
    assert message.subject.startswith("[つなぐ] ")
    assert "Tsunagu" not in message.subject


@pytest.mark.django_db
def test_a_published_notice_is_in_the_owners_language_not_the_staffs(chonaikai, staff):
    from django.utils import translation

    from profiles.services.organizations import organization_publish
    from tests.factories import MembershipFactory

    ja_owner = MembershipFactory(organization=chonaikai, role="owner").user
    en_owner = MembershipFactory(organization=chonaikai, role="owner").user
    ja_owner.preferred_language, en_owner.preferred_language = "ja", "en"
    ja_owner.save(), en_owner.save()
    with translation.override("en"):  # the staff member reads the site in English
        organization_publish(organization=chonaikai, by=staff)
    ja_title = ja_owner.notifications.get(kind="profiles.published").title
    en_title = en_owner.notifications.get(kind="profiles.published").title
    assert ja_title == "「片平一丁目町内会」のプロフィールが公開されました"
    assert "published" in en_title
    assert "公開" not in en_title
