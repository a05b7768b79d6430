"""The weekly digest tells members about partners newly suggested to their organization."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core import digest
from matching.digest import new_suggestions
from matching.models import Suggestion
from matching.services import suggestions_rebuild


@pytest.fixture
def built(directory):
    suggestions_rebuild()
    return directory


def test_a_weekly_digest_includes_new_suggestions_with_a_link(built, chonaikai_owner):
    assert digest.digest_send(user_id=chonaikai_owner.pk) is True
    body = mail.outbox[0].body
    assert "新しいおすすめの団体" in body
    assert "東北みらい大学 地域連携研究室" in body
    assert f"/suggestions/?organization={built['chonaikai'].pk}" in body


def test_suggestions_older_than_a_week_are_not_news(built, chonaikai_owner):
    Suggestion.objects.update(first_suggested_at=timezone.now() - dt.timedelta(days=8))
    assert digest.digest_send(user_id=chonaikai_owner.pk) is False
    assert mail.outbox == []


def test_a_nightly_refresh_does_not_make_an_old_suggestion_new_again(built, chonaikai_owner):
    Suggestion.objects.update(first_suggested_at=timezone.now() - dt.timedelta(days=8))
    suggestions_rebuild()
    assert digest.digest_send(user_id=chonaikai_owner.pk) is False


def test_a_person_without_an_organization_gets_no_suggestions_in_the_digest(built, outsider):
    assert new_suggestions(user=outsider, since=timezone.now() - dt.timedelta(days=7)) == []


def test_members_of_several_organizations_see_whose_suggestion_it_is(built, chonaikai_owner):
    from tests.factories import MembershipFactory

    MembershipFactory(organization=built["npo"], user=chonaikai_owner, role="editor")
    items = new_suggestions(user=chonaikai_owner, since=timezone.now() - dt.timedelta(days=7))
    assert "東北みらい大学 地域連携研究室 — 片平一丁目町内会" in [i["title"] for i in items]
