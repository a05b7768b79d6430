"""One door for contact details: `profiles.selectors.visible_contact()` decides, everything
else renders what it returns.

Every organization here carries contact details no visitor may see (`secret-00n@…`,
`090-0000-000n`). The walk requests every public surface — the pages reachable from the home
page, the directory, the events and the organization pages (links followed on the same host,
GET only, bounded), every GET of the API in its OpenAPI schema, the iCal feeds, the CSV and
open-data exports and the JSON-LD blocks — and finds none of them, except the viewer's own
organization's and, for a member of an organization with an accepted introduction, that
partner's (and only that partner's)."""

import datetime as dt
import html
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from events import services as events
from events.models import Event, EventStatus
from matching.introductions import services as introductions
from profiles.selectors import (
    Contact,
    can_see_contact,
    contact_visible_ids,
    visible_contact,
    visible_contacts,
)
from tests.factories import ListingFactory, MembershipFactory, OrganizationFactory, tag

pytestmark = pytest.mark.django_db

MAX_PAGES = 90  # per persona: the walk is bounded, the seeds name every kind of page
MAX_VARIANTS_PER_PATH = 2  # the directory links many filter combinations of one page
SKIP_PREFIXES = ("/static/", "/admin/", "/accounts/logout", "/language/", "/api/docs/")


def _secret(n: int) -> dict:
    return {
        "contact_email": f"secret-{n:03d}@example.invalid",
        "contact_phone": f"090-0000-{n:04d}",
    }


def _markers(org) -> list[bytes]:
    """The ways an organization's contact could show: the e-mail's local part (an encoded "@"
    hides nothing), the phone as typed and as digits only."""
    email, phone = org.contact_email, org.contact_phone
    return [
        email.split("@")[0].encode(),
        phone.encode(),
        phone.replace("-", "").encode(),
    ]


@pytest.fixture
def world(chonaikai, npo, company, chonaikai_owner, npo_editor, company_member, staff):
    """The cast with secret contacts, a stranger, a draft, an accepted introduction between the
    町内会 and the NPO (with a public collaboration), an open request from the company, listings
    and an event the NPO organizes (so its page has JSON-LD and the feeds have an entry)."""
    for n, org in enumerate((chonaikai, npo, company), start=1):
        for field, value in _secret(n).items():
            setattr(org, field, value)
        org.save()
    stranger = OrganizationFactory(
        name="泉ヶ丘子ども会", name_kana="イズミガオカコドモカイ", **_secret(4)
    )
    draft = OrganizationFactory(name="準備中の会", name_kana="ジュンビチュウノカイ", **_secret(5))
    draft.status = "draft"
    draft.save()
    MembershipFactory(organization=draft, role="owner")
    for org in (chonaikai, npo, company, stranger):
        ListingFactory(organization=org, title=f"{org.name}の募集")
    request = introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )
    accepted = introductions.introduction_accept(introduction=request, by=npo_editor)
    pending = introductions.introduction_request(
        requester=company, recipient=npo, by=company_member, message="社員ボランティアの相談"
    )
    collaboration = introductions.collaboration_record(
        by=chonaikai_owner, organization=chonaikai, partner=npo, title="炊き出し訓練",
        own_brings="会場", partner_brings="調理", started_on=dt.date(2026, 10, 1), show=True,
    )  # fmt: skip
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    event = Event.objects.create(
        organizer_org=npo, status=EventStatus.PUBLISHED, title="子ども食堂の交流会",
        kind="exchange", starts_at=start, ends_at=start + dt.timedelta(hours=2),
        venue_name="若林区文化センター", address="仙台市若林区", ward=tag("area", "wakabayashi"),
        capacity=30, contact="NPO法人 杜の子ども食堂 事務局",
    )  # fmt: skip
    events.registration_create(event=event, by=company_member, organization=company)
    return {
        "orgs": [chonaikai, npo, company, stranger, draft],
        "accepted": accepted,
        "pending": pending,
        "collaboration": collaboration,
        "event": event,
        "feed": events.calendar_feed_get_or_create(organization=company, by=company_member),
    }


# --- the walk -----------------------------------------------------------------------------------


def _body(response) -> bytes:
    content = (
        b"".join(response.streaming_content) if response.streaming else response.content or b""
    )
    if content[:2] == b"PK":  # an .xlsx export: its cells are XML inside the zip
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            content += b"".join(book.read(name) for name in book.namelist())
    return content


LINK = re.compile(r'(?:href|hx-get)="([^"#]+)')


def _links(body: str) -> list[str]:
    out = []
    for raw in LINK.findall(body):
        url = html.unescape(raw)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/"):
            continue  # another host, mailto:, tel:, javascript:
        if url.startswith(SKIP_PREFIXES):
            continue
        out.append(url)
    return out


def _seeds(world) -> list[str]:
    orgs, event = world["orgs"], world["event"]
    return [
        "/", "/directory/", "/directory/listings/", "/events/", "/events/calendar/",
        "/for-companies/", "/events/feed.ics", "/events/feed/ward/wakabayashi.ics",
        f"/events/{event.pk}/", f"/events/{event.pk}/event.ics",
        f"/events/feed/org/{world['feed'].token}.ics",
        "/directory/export/organizations.csv", "/directory/export/listings.csv",
        "/api/v1/events/opendata.csv",
        "/staff/import/export/organizations.csv", "/staff/import/export/organizations.xlsx",
        "/organizations/mine/", "/events/mine/", "/introductions/",
        f"/introductions/{world['accepted'].pk}/", f"/introductions/{world['pending'].pk}/",
        "/introductions/collaborations/", "/introductions/conversations/", "/notifications/",
        "/searches/",
        *[f"/organizations/{org.pk}/" for org in orgs],
    ]  # fmt: skip


def _crawl(client: Client, seeds: list[str]) -> dict[str, bytes]:
    """GET the seeds and every same-host link found on them, breadth first, bounded."""
    seen: dict[str, bytes] = {}
    per_path: dict[str, int] = {}
    queue = list(seeds)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or per_path.get(path, 0) >= MAX_VARIANTS_PER_PATH:
            continue
        per_path[path] = per_path.get(path, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        seen[url] = _body(response)
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response["Location"])
        elif "html" in response.get("Content-Type", ""):
            queue += _links(seen[url].decode("utf-8", errors="replace"))
    return seen


def _api_gets(client: Client, world) -> dict[str, bytes]:
    """Every GET operation in the OpenAPI schema, each path parameter filled with the ids of
    the objects it names (every seeded one) and the list endpoints at their largest page."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    ids = {
        "organizations": [o.pk for o in world["orgs"]],
        "events": [world["event"].pk],
        "introductions": [world["accepted"].pk, world["pending"].pk],
        "conversations": [world["accepted"].conversation.pk],
        "listings": [x.pk for o in world["orgs"] for x in o.listings.all()],
        "collaborations": [world["collaboration"].pk],
    }
    everything = sorted({i for values in ids.values() for i in values})
    seen: dict[str, bytes] = {}
    for template, operations in paths.items():
        if "get" not in operations:
            continue
        resource = template.removeprefix("/api/v1/").split("/")[0]
        urls = [template]
        for name in re.findall(r"{(\w+)}", template):
            values = ids.get(resource, everything) if name in ("id", "pk") else everything
            urls = [u.replace(f"{{{name}}}", str(v)) for u in urls for v in values]
        for url in urls:
            response = client.get(url, {"page_size": 100} if "{" not in template else {})
            assert response.status_code < 500, f"{url} answered {response.status_code}"
            seen[url] = _body(response)
    assert len(seen) > 20, "the schema lists the API's reads"
    return seen


def _walk(client: Client, world) -> dict[str, bytes]:
    return {**_crawl(client, _seeds(world)), **_api_gets(client, world)}


def _leaks(bodies: dict[str, bytes], orgs) -> list[tuple[str, str]]:
    return [
        (url, org.name)
        for url, body in bodies.items()
        for org in orgs
        if any(marker in body for marker in _markers(org))
    ]


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_an_anonymous_visitor_finds_no_contact_anywhere(world):
    bodies = _walk(_client(), world)
    assert any(b"application/ld+json" in body for body in bodies.values()), "JSON-LD was walked"
    assert any(b"BEGIN:VCALENDAR" in body for body in bodies.values()), "iCal was walked"
    assert len(bodies) > 60
    assert _leaks(bodies, world["orgs"]) == []


def test_a_signed_in_person_without_an_organization_finds_no_contact_anywhere(world, outsider):
    assert _leaks(_walk(_client(outsider), world), world["orgs"]) == []


def test_a_member_without_an_accepted_introduction_finds_only_their_own_contact(
    world, company, company_member
):
    """The company has asked the NPO for an introduction (not answered): nothing opens."""
    bodies = _walk(_client(company_member), world)
    others = [org for org in world["orgs"] if org != company]
    assert _leaks(bodies, others) == []
    assert bodies[f"/organizations/{company.pk}/"].count(company.contact_email.encode())


def test_a_partners_member_finds_that_partners_contact_where_it_belongs_and_no_other(
    world, chonaikai, npo, chonaikai_owner
):
    bodies = _walk(_client(chonaikai_owner), world)
    strangers = [org for org in world["orgs"] if org not in (chonaikai, npo)]
    assert _leaks(bodies, strangers) == []
    email = npo.contact_email.encode()
    assert email in bodies[f"/organizations/{npo.pk}/"]
    assert email in bodies[f"/api/v1/organizations/{npo.pk}/"]
    assert email in bodies[f"/introductions/{world['accepted'].pk}/"]
    assert email in bodies["/directory/export/organizations.csv"]
    # lists and search results never carry contacts, not even the partner's
    assert email not in bodies["/directory/"]
    assert email not in bodies["/api/v1/organizations/"]


def test_a_partners_visit_leaves_no_contact_for_the_anonymous_visitor_after_them(
    world, chonaikai_owner
):
    """Pages and API reads are cached for anonymous visitors: what a signed-in partner was
    shown must not be what the next anonymous visitor gets."""
    _walk(_client(chonaikai_owner), world)
    assert _leaks(_walk(_client(), world), world["orgs"]) == []


def test_staff_find_every_contact_in_the_register_export(world, staff):
    body = _body(_client(staff).get("/staff/import/export/organizations.xlsx"))
    assert all(org.contact_email.encode() in body for org in world["orgs"][:4])


# --- the selector, role by role -----------------------------------------------------------------


@pytest.fixture
def roles(world, chonaikai_owner, npo_editor, company_member, outsider, staff):
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "member": npo_editor,  # of the NPO itself
        "partner's member": chonaikai_owner,  # accepted introduction with the NPO
        "other org's member": company_member,  # only an open request to the NPO
        "staff": staff,
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("outsider", False),
        ("member", True),
        ("partner's member", True),
        ("other org's member", False),
        ("staff", True),
    ],
)
def test_the_selector_gives_the_npos_contact_by_role(roles, npo, role, sees):
    viewer = roles[role]
    expected = Contact(email=npo.contact_email, phone=npo.contact_phone) if sees else None
    assert visible_contact(viewer, npo) == expected
    assert can_see_contact(viewer, npo) is sees
    assert (npo.pk in visible_contacts(viewer, [npo])) is sees


def test_the_bulk_selector_answers_for_each_organization(world, roles, chonaikai, npo, company):
    orgs = world["orgs"]
    assert visible_contacts(roles["anonymous"], orgs) == {}
    assert visible_contacts(roles["outsider"], orgs) == {}
    assert set(visible_contacts(roles["partner's member"], orgs)) == {chonaikai.pk, npo.pk}
    assert set(visible_contacts(roles["other org's member"], orgs)) == {company.pk}
    assert set(visible_contacts(roles["staff"], orgs)) == {o.pk for o in orgs}
    assert contact_visible_ids(roles["member"], [company.pk, npo.pk]) == {npo.pk}


def test_the_bulk_selector_costs_the_same_queries_for_a_long_list(
    world, roles, django_assert_num_queries
):
    viewer = roles["partner's member"]
    many = world["orgs"] + [OrganizationFactory() for _ in range(10)]
    with django_assert_num_queries(2):  # the viewer's memberships, the accepted introductions
        visible_contacts(viewer, world["orgs"][:1])
    with django_assert_num_queries(2):
        visible_contacts(viewer, many)


# --- no second door in the templates ------------------------------------------------------------

# An event's 問い合わせ先 is what its organizer publishes for the event, not an organization's
# private contact: it may be shown.
ALLOWED = {("frontend/events/detail.html", "event.contact_phone")}
CONTACT_FIELD = re.compile(r"[\w.]*contact_(?:email|phone)")


def _template_files():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in ("frontend", "profiles")]
    roots += list(Path(settings.BASE_DIR).glob("*/templates")) + list(
        Path(settings.BASE_DIR).glob("*/*/templates")
    )
    seen = set()
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            if path.suffix in (".html", ".txt", ".ics", ".xml", ".json") and path not in seen:
                seen.add(path)
                yield root, path


def test_no_template_reads_an_organizations_contact_fields():
    """Templates show contacts only from what the selector returned (`contact.email` in
    frontend/profiles/_contact.html); reading `org.contact_email` would be a second door."""
    templates = list(_template_files())
    assert len(templates) > 50, "the templates were found"
    found = [
        (str(path.relative_to(root)), use)
        for root, path in templates
        for use in CONTACT_FIELD.findall(path.read_text(encoding="utf-8"))
    ]
    assert [x for x in found if x not in ALLOWED] == []
