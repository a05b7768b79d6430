"""The API per role for each transition, conversations and their messages."""

import pytest

from matching.introductions import services
from matching.introductions.models import Introduction, Status
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(personas):
    return lambda role: client_for(personas[role])


def test_a_member_creates_a_request(as_, chonaikai, npo):
    response = as_("requester_member").post(
        "/api/v1/introductions/",
        {"requester": chonaikai.pk, "recipient": npo.pk, "message": "よろしく"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "requested"


def test_another_organizations_member_cannot_request_for_it(as_, chonaikai, npo):
    response = as_("other_org_member").post(
        "/api/v1/introductions/",
        {"requester": chonaikai.pk, "recipient": npo.pk, "message": "なりすまし"},
        format="json",
    )
    assert response.status_code == 403
    assert not Introduction.objects.exists()


def test_anonymous_cannot_use_the_introductions_api(as_):
    assert as_("anonymous").get("/api/v1/introductions/").status_code in {401, 403}


def test_the_limit_error_is_in_the_readers_language(as_, chonaikai, chonaikai_owner):
    from tests.factories import OrganizationFactory

    for _ in range(5):
        services.introduction_request(
            requester=chonaikai, recipient=OrganizationFactory(), by=chonaikai_owner, message="x"
        )
    response = as_("requester_member").post(
        "/api/v1/introductions/",
        {"requester": chonaikai.pk, "recipient": OrganizationFactory().pk, "message": "6"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "返答待ちの依頼が上限（5件）に達しています"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {403}), ("recipient_member", {200}),
     ("other_org_member", {404}), ("outsider", {404}), ("staff", {403})],
)  # fmt: skip
def test_accept_over_the_api_per_role(as_, request_intro, role, expected):
    response = as_(role).post(
        f"/api/v1/introductions/{request_intro.pk}/accept/", {}, format="json"
    )
    assert response.status_code in expected
    accepted = Introduction.objects.get(pk=request_intro.pk).status == Status.ACCEPTED
    assert accepted == (expected == {200})


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {403}), ("recipient_member", {200}),
     ("other_org_member", {404}), ("outsider", {404}), ("staff", {403})],
)  # fmt: skip
def test_decline_over_the_api_per_role(as_, request_intro, role, expected):
    response = as_(role).post(
        f"/api/v1/introductions/{request_intro.pk}/decline/", {"reason": "too_far"}, format="json"
    )
    assert response.status_code in expected
    declined = Introduction.objects.get(pk=request_intro.pk).status == Status.DECLINED
    assert declined == (expected == {200})


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {200}), ("recipient_member", {403}),
     ("other_org_member", {404}), ("outsider", {404}), ("staff", {200})],
)  # fmt: skip
def test_withdraw_over_the_api_per_role(as_, request_intro, role, expected):
    response = as_(role).post(
        f"/api/v1/introductions/{request_intro.pk}/withdraw/", {}, format="json"
    )
    assert response.status_code in expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {200}), ("recipient_member", {200}),
     ("other_org_member", {404}), ("outsider", {404}), ("staff", {403})],
)  # fmt: skip
def test_accepting_a_proposal_over_the_api_per_role(as_, proposal, role, expected):
    response = as_(role).post(f"/api/v1/introductions/{proposal.pk}/accept/", {}, format="json")
    assert response.status_code in expected


def test_a_double_answer_over_the_api_is_a_clear_400(as_, accepted_intro):
    response = as_("recipient_member").post(
        f"/api/v1/introductions/{accepted_intro.pk}/accept/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "closed"


def test_staff_propose_over_the_api(as_, chonaikai, npo):
    response = as_("staff").post(
        "/api/v1/introductions/propose/",
        {"organization_a": chonaikai.pk, "organization_b": npo.pk, "note": "ぜひ"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["curated"] is True


def test_a_member_cannot_propose_over_the_api(as_, chonaikai, npo):
    response = as_("requester_member").post(
        "/api/v1/introductions/propose/",
        {"organization_a": chonaikai.pk, "organization_b": npo.pk, "note": "ぜひ"},
        format="json",
    )
    assert response.status_code == 403


def test_my_inbox_lists_requests_to_my_organization(as_, request_intro):
    inbox = as_("recipient_member").get("/api/v1/introductions/?box=inbox").json()
    outbox = as_("recipient_member").get("/api/v1/introductions/?box=outbox").json()
    assert [i["id"] for i in inbox["results"]] == [request_intro.pk]
    assert outbox["results"] == []


# --- conversations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {200}), ("recipient_member", {200}),
     ("other_org_member", {404}), ("outsider", {404}), ("staff", {404})],
)  # fmt: skip
def test_reading_messages_per_role(as_, conversation, npo_editor, role, expected):
    services.message_post(conversation=conversation, by=npo_editor, body="秘密の相談")
    response = as_(role).get(f"/api/v1/conversations/{conversation.pk}/messages/")
    assert response.status_code in expected
    if expected == {200}:
        assert response.json()["results"][0]["body"] == "秘密の相談"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", {401, 403}), ("requester_member", {201}), ("recipient_member", {201}),
     ("other_org_member", {404}), ("staff", {404})],
)  # fmt: skip
def test_posting_messages_per_role(as_, conversation, role, expected):
    response = as_(role).post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "こんにちは"}, format="json"
    )
    assert response.status_code in expected
    assert conversation.messages.exists() == (expected == {201})


def test_staff_read_a_curated_conversation(as_, curated_conversation):
    assert (
        as_("staff").get(f"/api/v1/conversations/{curated_conversation.pk}/messages/").status_code
        == 200
    )


def test_the_conversation_list_carries_unread_counts(as_, conversation, npo_editor):
    services.message_post(conversation=conversation, by=npo_editor, body="一通目")
    rows = as_("requester_member").get("/api/v1/conversations/").json()["results"]
    assert rows[0]["unread"] == 1
    as_("requester_member").post(f"/api/v1/conversations/{conversation.pk}/read/")
    rows = as_("requester_member").get("/api/v1/conversations/").json()["results"]
    assert rows[0]["unread"] == 0


def test_message_history_pages_with_before(as_, conversation, npo_editor):
    for i in range(32):
        services.message_post(conversation=conversation, by=npo_editor, body=f"m{i}")
    first = as_("requester_member").get(f"/api/v1/conversations/{conversation.pk}/messages/").json()
    assert first["has_more"] is True
    older = (
        as_("requester_member")
        .get(f"/api/v1/conversations/{conversation.pk}/messages/?before={first['next_before']}")
        .json()
    )
    assert [m["body"] for m in older["results"]] == ["m0", "m1"]


# --- notifications -------------------------------------------------------------------------


def test_i_list_and_mark_my_notifications_read(as_, request_intro, npo_editor):
    client = as_("recipient_member")
    rows = client.get("/api/v1/notifications/?unread=1").json()["results"]
    assert [r["kind"] for r in rows] == ["introduction.requested"]
    response = client.post(
        "/api/v1/notifications/mark-read/", {"ids": [rows[0]["id"]]}, format="json"
    )
    assert response.json() == {"marked": 1, "unread": 0}


def test_i_never_see_another_persons_notifications(as_, request_intro):
    assert as_("other_org_member").get("/api/v1/notifications/").json()["results"] == []


def test_i_cannot_mark_another_persons_notification_read(as_, request_intro, npo_editor):
    note = npo_editor.notifications.get()
    as_("other_org_member").post(
        "/api/v1/notifications/mark-read/", {"ids": [note.pk]}, format="json"
    )
    note.refresh_from_db()
    assert note.read_at is None
