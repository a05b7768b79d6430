"""The audit log viewer: staff search it; nobody edits it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditLog
from tests.console.conftest import backdate
from tests.factories import OrganizationFactory, UserFactory

URL = reverse("console:audit_log")


@pytest.fixture
def entries(staff):
    other = UserFactory(display_name="別の職員", is_staff=True)
    park = OrganizationFactory(name="公園愛護会")
    cafe = OrganizationFactory(name="地域カフェ")
    old = audit_record(actor=staff, action="organization.publish", target=park)
    backdate(old, created_at=timezone.now() - timedelta(days=40))
    audit_record(
        actor=other,
        action="organization.return",
        target=cafe,
        before={"status": "pending"},
        after={"status": "returned"},
    )
    audit_record(actor=staff, action="listing.publish", target=cafe)
    return AuditLog.objects.all()


def _labels(response):
    return [(e.action, e.target_label) for e in response.context["page"].object_list]


def test_staff_see_every_entry_newest_first(staff_client, entries):
    response = staff_client.get(URL)
    assert _labels(response)[0] == ("listing.publish", "地域カフェ")
    assert len(_labels(response)) == 3


def test_searching_by_actor_finds_only_their_actions(staff_client, entries):
    response = staff_client.get(URL, {"actor": "別の職員"})
    assert _labels(response) == [("organization.return", "地域カフェ")]


def test_searching_by_action_prefix_finds_every_organization_action(staff_client, entries):
    response = staff_client.get(URL, {"action": "organization."})
    assert {a for a, _ in _labels(response)} == {"organization.publish", "organization.return"}


def test_searching_by_target_finds_actions_on_that_organization(staff_client, entries):
    response = staff_client.get(URL, {"target": "公園"})
    assert _labels(response) == [("organization.publish", "公園愛護会")]


def test_a_date_range_leaves_out_older_entries(staff_client, entries):
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    response = staff_client.get(URL, {"date_from": since})
    assert ("organization.publish", "公園愛護会") not in _labels(response)
    assert len(_labels(response)) == 2


def test_a_start_date_after_the_end_date_is_explained(staff_client, entries):
    response = staff_client.get(URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert "開始日が終了日より後になっています" in response.content.decode()


def test_the_before_and_after_of_a_change_are_shown(staff_client, entries):
    body = staff_client.get(URL, {"action": "organization.return"}).content.decode()
    assert "returned" in body
    assert "pending" in body


def test_the_log_cannot_be_changed_through_the_page(staff_client, entries):
    assert staff_client.post(URL, {"action": "x"}).status_code == 405
    assert AuditLog.objects.count() == 3


def test_an_entry_cannot_be_edited_once_written(entries):
    entry = entries.first()
    entry.note = "書き換え"
    with pytest.raises(ValueError, match="never edited"):
        entry.save()
