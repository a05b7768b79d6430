"""Every page carries a Content-Security-Policy that allows no inline or foreign script,
and no page needs one: nothing inline is left to run."""

import html5lib
import pytest

from tests.helpers import make_event

pytestmark = pytest.mark.django_db

NON_EXECUTING = {"application/ld+json", "application/json"}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def inline_scripts(response) -> list[str]:
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return [
        s.text
        for s in document.iter("script")
        if not s.get("src") and s.get("type", "text/javascript") not in NON_EXECUTING
    ]


def inline_handlers(response) -> list[str]:
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    return [
        f"{el.tag}[{name}]"
        for el in document.iter()
        if isinstance(el.tag, str)
        for name in el.attrib
        if name.startswith("on") or name == "style"
    ]


def test_pages_forbid_inline_and_foreign_scripts(client):
    rules = policy(client.get("/"))
    assert rules["script-src"] == ["'self'"]
    assert rules["default-src"] == ["'self'"]
    assert rules["object-src"] == ["'none'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in rules["style-src"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/directory/",
        "/directory/listings/",
        "/events/",
        "/events/calendar/",
        "/accounts/login/",
        "/accounts/signup/",
        "/event",
    ],
)
def test_public_pages_have_no_inline_script_or_style(client, path):
    if path == "/event":
        path = f"/events/{make_event(online_url='https://meet.example.org/x').pk}/"
    response = client.get(path)
    assert response.status_code == 200
    assert inline_scripts(response) == []
    assert inline_handlers(response) == []


def test_member_pages_have_no_inline_script_or_style(client, chonaikai_owner, chonaikai):
    client.force_login(chonaikai_owner)
    member_pages = [
        "/",
        "/organizations/mine/",
        f"/organizations/{chonaikai.pk}/edit/",
        "/suggestions/",
        "/introductions/",
        "/notifications/",
        "/events/mine/",
    ]
    for path in member_pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert inline_scripts(response) == [], path
        assert inline_handlers(response) == [], path


def test_the_api_docs_load_their_script_from_a_file(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert inline_scripts(response) == []
    assert policy(response)["script-src"] == ["'self'"]
