"""The permission rules over the cast: anonymous, member, another organization's member, staff."""

import pytest
from django.contrib.auth.models import AnonymousUser

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "npo_editor", "chonaikai_owner", "staff"]


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize(
    ("perm", "published", "allowed"),
    [
        ("profiles.view_organization", True, set(ROLES)),
        ("profiles.view_organization", False, {"npo_editor", "staff"}),
        ("profiles.change_organization", True, {"npo_editor", "staff"}),
        ("profiles.view_contact", True, {"npo_editor", "staff"}),
        ("profiles.moderate", True, {"staff"}),
    ],
)  # fmt: skip
def test_rules_by_role_and_state(request, npo, chonaikai_owner, perm, published, allowed):
    if not published:
        npo.status = "pending"
        npo.save()
    for role in ROLES:
        assert _user(request, role).has_perm(perm, npo) == (role in allowed), (perm, role)


def test_only_owners_and_staff_manage_members(request, npo, npo_editor, chonaikai, staff):
    chonaikai_owner = request.getfixturevalue("chonaikai_owner")
    assert chonaikai_owner.has_perm("profiles.manage_members", chonaikai)
    assert not npo_editor.has_perm("profiles.manage_members", npo)
    assert not chonaikai_owner.has_perm("profiles.manage_members", npo)
    assert staff.has_perm("profiles.manage_members", npo)


def test_the_invitation_page_lets_the_invitee_join(client, chonaikai, chonaikai_owner):
    from profiles.services.membership import invitation_create
    from tests.factories import UserFactory

    invitation = invitation_create(
        organization=chonaikai, by=chonaikai_owner, email="next@example.org"
    )
    url = f"/invitations/{invitation.token}/"
    assert client.post(url).status_code == 302  # sign in first
    client.force_login(UserFactory(email="next@example.org"))
    assert client.get(url).status_code == 200
    client.post(url)
    assert chonaikai.memberships.filter(user__email="next@example.org").exists()


def test_an_unknown_invitation_token_is_not_found(client):
    assert client.get("/invitations/not-a-token/").status_code == 404
