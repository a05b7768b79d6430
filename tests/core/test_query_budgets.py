"""Every public read answers in a fixed number of queries, however many rows it shows (no query
per row), and anonymous visitors' repeat reads are served from the cache without any query.

Budgets are counted on a directory of 12 organizations with fields, SDGs and listings, 8
events and stored suggestions; a query per row would blow them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from profiles.models import Organization
from profiles.search import document_tokens
from tests.factories import ListingFactory, OrganizationFactory, tag, tags

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(chonaikai, chonaikai_owner, staff):
    from events.demo import seed_demo_events
    from matching.services import suggestions_refresh

    wards = ["aoba", "wakabayashi", "miyagino", "taihaku", "izumi", "aoba"]
    for i in range(12):
        org = OrganizationFactory(
            kind=["npo", "company", "university"][i % 3], name=f"子ども食堂ネット{i}",
            ward=tag("area", wards[i % len(wards)]),
            fields=tags("field", "child-development", "community-development"),
        )  # fmt: skip
        org.sdgs.set(tags("sdg", "sdg-1", "sdg-4"))
        Organization.objects.filter(pk=org.pk).update(
            search_tokens=document_tokens(org.name, org.description)
        )
        ListingFactory(organization=org, kind="offer",
                       tags=tags("resource", "volunteers", "venue"))  # fmt: skip
        ListingFactory(organization=org, kind="need", tags=tags("resource", "funding"))
    ListingFactory(organization=chonaikai, kind="need", tags=tags("resource", "volunteers"))
    events = seed_demo_events(by=staff)
    suggestions_refresh(organization_ids=[chonaikai.pk])
    return {"org": chonaikai, "member": chonaikai_owner, "event": events[0]}


def _public_reads(d):
    org, event = d["org"].pk, d["event"].pk
    return [
        ("/api/v1/organizations/", 6),
        ("/api/v1/organizations/?q=こども", 6),
        (f"/api/v1/organizations/{org}/", 7),
        ("/api/v1/listings/", 5),
        ("/api/v1/events/", 5),
        (f"/api/v1/events/{event}/", 4),
        ("/directory/", 8),
        ("/directory/?q=こども", 8),
        (f"/organizations/{org}/", 9),
        ("/events/", 6),
    ]


def test_each_public_read_stays_within_its_query_budget(directory, django_assert_max_num_queries):
    client = Client()
    for url, budget in _public_reads(directory):
        with django_assert_max_num_queries(budget, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
        if "q=" in url:
            assert "子ども食堂ネット" in response.content.decode(), "the search finds the rows"


def test_an_anonymous_repeat_read_reads_nothing_from_the_database(directory):
    for url, _ in _public_reads(directory):
        first = Client().get(url)
        assert first.status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            again = Client().get(url)
        assert again.status_code == 200, url
        if url.startswith("/api/"):
            assert again.content == first.content, url
        # Only the request's transaction (a savepoint inside the test's) touches the database.
        reads = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
        assert reads == [], url


def test_a_change_shows_on_the_next_anonymous_read(directory, staff):
    from profiles.services.organizations import organization_update

    org = directory["org"]
    assert "片平一丁目町内会" in Client().get(f"/organizations/{org.pk}/").content.decode()
    assert Client().get(f"/api/v1/organizations/{org.pk}/").json()["name"] == "片平一丁目町内会"
    organization_update(organization=org, by=staff, name="片平一丁目町内会（新）")
    assert "片平一丁目町内会（新）" in Client().get(f"/organizations/{org.pk}/").content.decode()
    assert "片平一丁目町内会（新）" in Client().get("/directory/").content.decode()
    assert (
        Client().get(f"/api/v1/organizations/{org.pk}/").json()["name"] == "片平一丁目町内会（新）"
    )


def test_a_signed_in_member_is_never_served_the_anonymous_copy(directory):
    org, member = directory["org"], directory["member"]
    anonymous = Client().get(f"/organizations/{org.pk}/").content.decode()
    assert org.contact_email not in anonymous
    client = Client()
    client.force_login(member)
    assert org.contact_email in client.get(f"/organizations/{org.pk}/").content.decode()
    assert client.get(f"/api/v1/organizations/{org.pk}/").json()["contact"]["email"] == (
        org.contact_email
    )


def test_a_cached_page_carries_a_csrf_token_that_works_for_the_next_visitor(directory):
    import re

    Client().get("/directory/")  # the first visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/directory/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = visitor.post("/language/", {"language": "en", "next": "/directory/",
                                           "csrfmiddlewaretoken": token})  # fmt: skip
    assert response.status_code == 302
    assert '<html lang="en">' in visitor.get("/directory/").content.decode()


def test_a_members_suggestions_stay_within_their_budget(directory, django_assert_max_num_queries):
    client = Client()
    client.force_login(directory["member"])
    url = f"/api/v1/organizations/{directory['org'].pk}/suggestions/"
    with django_assert_max_num_queries(10, info=url):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["results"], "the member's organization has suggestions"
    # Again: the session and the permission (and the request's savepoint pair in this test),
    # no more: the organization is not loaded, whether the stored list changed is asked of the
    # cache.
    with django_assert_max_num_queries(5, info=url):
        again = client.get(url)
    assert again.json() == response.json()


def test_a_members_cached_suggestions_follow_a_refresh_of_the_stored_list(directory):
    from matching.models import Suggestion
    from matching.services import suggestions_refresh

    client = Client()
    client.force_login(directory["member"])
    url = f"/api/v1/organizations/{directory['org'].pk}/suggestions/"
    before = client.get(url).json()["results"]
    assert before
    Suggestion.objects.filter(organization=directory["org"]).delete()  # a stale cache would hide
    suggestions_refresh(organization_ids=[directory["org"].pk])  # this refresh of the list
    after = client.get(url).json()["results"]
    assert [s["partner"]["id"] for s in after] == [s["partner"]["id"] for s in before]
    assert [s["id"] for s in after] != [s["id"] for s in before]  # rows written anew


def test_a_members_suggestions_follow_a_dismissal(directory):
    client = Client()
    client.force_login(directory["member"])
    url = f"/api/v1/organizations/{directory['org'].pk}/suggestions/"
    before = client.get(url).json()["results"]
    first = before[0]
    dismissed = client.post(f"{url}{first['id']}/dismiss/", {"reason": "too_far"})
    assert dismissed.status_code == 200
    after = client.get(url).json()["results"]
    assert first["id"] not in [s["id"] for s in after]


def test_a_members_cached_suggestions_follow_a_partner_renaming_itself(directory, staff):
    from profiles.services.organizations import organization_update

    client = Client()
    client.force_login(directory["member"])
    url = f"/api/v1/organizations/{directory['org'].pk}/suggestions/"
    first = client.get(url).json()["results"][0]["partner"]
    partner = Organization.objects.get(pk=first["id"])
    organization_update(organization=partner, by=staff, name="改名した子ども食堂ネット")
    again = client.get(url).json()["results"]
    names = {s["partner"]["id"]: s["partner"]["name"] for s in again}
    assert names[first["id"]] == "改名した子ども食堂ネット"
