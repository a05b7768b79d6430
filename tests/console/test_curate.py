"""The curate page: a staff member reviews a profile and proposes introductions, through the
profiles and introductions services (which check the rules and write the audit log)."""

import pytest
from django.urls import reverse

from core.models import AuditLog, Notification
from matching.introductions.models import Introduction, Status
from matching.models import Suggestion
from matching.services import suggestions_rebuild
from tests.console.conftest import answer, member_of, request_introduction
from tests.factories import ListingFactory, OrganizationFactory, tag


def curate(org):
    return reverse("console:curate_organization", args=[org.pk])


def review(org):
    return reverse("console:curate_review", args=[org.pk])


def propose(org):
    return reverse("console:curate_propose", args=[org.pk])


@pytest.fixture
def pending(db):
    org = OrganizationFactory(name="審査待ちの子ども会", kind="youth_group", status="pending")
    member_of(org)
    return org


# --- Review -------------------------------------------------------------------------------------


def test_staff_publish_a_pending_profile(staff_client, pending):
    response = staff_client.post(review(pending), {"action": "publish"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "published"


def test_publishing_is_in_the_audit_log_with_who_did_it(staff_client, staff, pending):
    staff_client.post(review(pending), {"action": "publish"})
    entry = AuditLog.objects.get(action="organization.publish", target_id=str(pending.pk))
    assert entry.actor == staff
    assert entry.before["status"] == "pending"
    assert entry.after["status"] == "published"


def test_the_owner_is_told_the_profile_is_published(staff_client, pending):
    staff_client.post(review(pending), {"action": "publish"})
    owner = pending.memberships.get().user
    assert Notification.objects.filter(user=owner, kind="profiles.published").exists()


def test_staff_return_a_profile_with_a_comment(staff_client, pending):
    staff_client.post(review(pending), {"action": "return", "comment": "活動内容を詳しく"})
    pending.refresh_from_db()
    assert pending.status == "returned"
    assert pending.review_comment == "活動内容を詳しく"


def test_returning_without_a_comment_is_refused_and_changes_nothing(staff_client, pending):
    response = staff_client.post(review(pending), {"action": "return", "comment": " "})
    assert response.status_code == 400
    assert "差し戻しの理由を書いてください" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_staff_verify_an_organization(staff_client, npo):
    staff_client.post(review(npo), {"action": "verify"})
    npo.refresh_from_db()
    assert npo.verified
    assert AuditLog.objects.filter(action="organization.verify", target_id=str(npo.pk)).exists()


def test_an_unknown_review_action_changes_nothing(staff_client, pending):
    response = staff_client.post(review(pending), {"action": "delete"})
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_published_profile_offers_no_publish_button(staff_client, npo):
    body = staff_client.get(curate(npo)).content.decode()
    assert 'value="publish"' not in body
    assert 'value="return"' in body


def test_members_cannot_publish_their_own_profile_here(member_client, chonaikai):
    chonaikai.status = "pending"
    chonaikai.save()
    assert member_client.post(review(chonaikai), {"action": "publish"}).status_code == 403
    chonaikai.refresh_from_db()
    assert chonaikai.status == "pending"


# --- Propose an introduction --------------------------------------------------------------------


@pytest.fixture
def pair(db):
    volunteers = tag("resource", "volunteers")
    needing = OrganizationFactory(name="子ども食堂", name_kana="コドモショクドウ")
    offering = OrganizationFactory(name="杜の会社", name_kana="モリノカイシャ", kind="company")
    ListingFactory(organization=needing, kind="need", tags=[volunteers])
    ListingFactory(organization=offering, kind="offer", tags=[volunteers])
    suggestions_rebuild()  # what the nightly rebuild (or a refresh after a change) stores
    return needing, offering


def test_complementary_organizations_are_offered_as_partners(staff_client, pair):
    needing, offering = pair
    OrganizationFactory(name="関係のない団体")
    response = staff_client.get(curate(needing))
    assert [c.name for c in response.context["candidates"]] == ["杜の会社"]


def test_the_partners_offered_are_the_matchers_stored_suggestions_in_its_order(staff_client, pair):
    needing, offering = pair
    volunteers = tag("resource", "volunteers")
    nearer = OrganizationFactory(name="近くの大学", name_kana="チカクノダイガク", kind="university")
    ListingFactory(organization=nearer, kind="offer", tags=[volunteers], title="学生ボランティア")
    suggestions_rebuild()
    stored = list(
        Suggestion.objects.filter(organization=needing)
        .order_by("rank")
        .values_list("partner__name", flat=True)
    )
    response = staff_client.get(curate(needing))
    assert [c.name for c in response.context["candidates"]] == stored
    assert set(stored) == {"杜の会社", "近くの大学"}
    Suggestion.objects.filter(organization=needing, partner=nearer).delete()  # e.g. dismissed
    response = staff_client.get(curate(needing))
    assert [c.name for c in response.context["candidates"]] == ["杜の会社"]


def test_any_published_organization_can_be_found_by_name(staff_client, pair):
    needing, _ = pair
    OrganizationFactory(name="関係のない団体")
    response = staff_client.get(curate(needing), {"partner_q": "関係"})
    assert [c.name for c in response.context["candidates"]] == ["関係のない団体"]


def test_staff_propose_an_introduction_with_a_note(staff_client, staff, pair):
    needing, offering = pair
    response = staff_client.post(propose(needing), {"partner": offering.pk, "note": "配食の人手"})
    assert response.status_code == 302
    intro = Introduction.objects.get()
    assert (intro.requester, intro.recipient, intro.status) == (needing, offering, Status.PROPOSED)
    assert intro.proposed_by == staff
    assert AuditLog.objects.filter(action="introduction.propose", actor=staff).exists()


def test_both_sides_are_told_of_the_proposal(staff_client, pair):
    needing, offering = pair
    a, b = member_of(needing), member_of(offering)
    staff_client.post(propose(needing), {"partner": offering.pk, "note": "配食の人手"})
    assert {n.user for n in Notification.objects.filter(kind="introduction.proposed")} == {a, b}


def test_a_proposal_without_a_note_is_refused_and_changes_nothing(staff_client, pair):
    needing, offering = pair
    response = staff_client.post(propose(needing), {"partner": offering.pk, "note": ""})
    assert response.status_code == 400
    assert "提案の理由を書いてください" in response.content.decode()
    assert not Introduction.objects.exists()


def test_a_proposal_without_a_partner_is_refused(staff_client, pair):
    needing, _ = pair
    response = staff_client.post(propose(needing), {"note": "配食の人手"})
    assert response.status_code == 400
    assert "紹介する相手を選んでください" in response.content.decode()


def test_a_pair_already_introduced_cannot_be_proposed_again(staff_client, pair):
    needing, offering = pair
    answer(request_introduction(needing, offering))
    response = staff_client.post(propose(needing), {"partner": offering.pk, "note": "もう一度"})
    assert response.status_code == 400
    assert "すでに紹介が成立しています" in response.content.decode()
    assert Introduction.objects.count() == 1


def test_the_partner_list_shows_which_pairs_were_introduced_and_how_it_ended(staff_client, pair):
    needing, offering = pair
    answer(request_introduction(needing, offering), accept=False, reason="too_far")
    response = staff_client.get(curate(needing))
    candidate = response.context["candidates"][0]
    assert candidate.introduction.status == Status.DECLINED
    assert "紹介済み: 見送り" in response.content.decode()


def test_an_unpublished_organization_cannot_be_proposed_to(staff_client, pair, pending):
    needing, _ = pair
    response = staff_client.post(propose(needing), {"partner": pending.pk, "note": "会ってみて"})
    assert response.status_code == 400
    assert "この団体は公開されていません" in response.content.decode()


def test_members_cannot_propose_introductions(member_client, pair):
    needing, offering = pair
    response = member_client.post(propose(needing), {"partner": offering.pk, "note": "x"})
    assert response.status_code == 403
    assert not Introduction.objects.exists()


def test_a_pending_listing_is_published_from_the_curate_page(staff_client, npo):
    listing = ListingFactory(organization=npo, title="配食ボランティア募集", moderation="pending")
    url = reverse("profiles:review_action", args=["listing", listing.pk])
    assert url in staff_client.get(curate(npo)).content.decode()
    response = staff_client.post(url, {"action": "publish", "next": curate(npo)})
    assert response["Location"] == curate(npo)
    listing.refresh_from_db()
    assert listing.moderation == "published"
