"""「マッチングが学んだこと」: staff see the pairs the outcomes moved, with the counts behind
them, and can reset; nobody else can."""

import pytest
from django.urls import reverse

from core.models import AuditLog
from matching.introductions import services as introductions
from matching.models import LearningReset
from matching.selectors import learned_weights
from tests.matching.conftest import listing

PAGE = reverse("console:matcher_learning")
RESET = reverse("console:matcher_learning_reset")


@pytest.fixture
def declined(chonaikai, chonaikai_owner, npo, npo_editor):
    """片平 asked the NPO for its venue to meet a need for a venue: "not our field"."""
    listing(chonaikai, "need", "venue", title="会場を探しています")
    listing(npo, "offer", "venue", title="会議室をお貸しします")
    intro = introductions.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="会場"
    )
    return introductions.introduction_decline(
        introduction=intro, by=npo_editor, reason="not_our_field"
    )


def test_staff_see_the_pairs_lowered_with_the_counts_behind_them(staff_client, declined):
    page = staff_client.get(PAGE).content.decode()
    assert "会場・スペース ← 会場・スペース" in page
    assert "×0.97" in page  # one decline moves the weight a little: the prior holds it back
    assert 'role="img"' in page


def test_with_no_outcomes_the_page_says_nothing_was_learned(staff_client):
    page = staff_client.get(PAGE).content.decode()
    assert "まだ学んだことはありません" in page


def test_the_page_is_in_english_too(staff_client, declined):
    staff_client.cookies["django_language"] = "en"
    page = staff_client.get(PAGE).content.decode()
    assert "What the matcher has learned" in page
    assert "Venues and spaces ← Venues and spaces" in page


def test_staff_reset_forgets_what_was_learned(staff_client, staff, declined):
    response = staff_client.post(RESET, {"note": "新年度から"})
    assert response.status_code == 302
    assert not learned_weights()
    assert AuditLog.objects.filter(action="matching.learning_reset", note="新年度から").exists()
    assert "まだ学んだことはありません" in staff_client.get(PAGE).content.decode()


def test_a_note_too_long_resets_nothing(staff_client, declined):
    response = staff_client.post(RESET, {"note": "長" * 501}, follow=True)
    assert "500文字以内" in response.content.decode()
    assert not LearningReset.objects.exists()
    assert learned_weights()


def test_members_cannot_reset(member_client, declined):
    assert member_client.post(RESET).status_code == 403
    assert not LearningReset.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_cannot_reset(client):
    assert client.post(RESET).status_code == 302
    assert not LearningReset.objects.exists()


def test_a_reset_must_be_posted(staff_client):
    assert staff_client.get(RESET).status_code == 405
    assert not LearningReset.objects.exists()
