"""The shared cast of personas is what the other tests stand on: check it once."""

import pytest


@pytest.mark.django_db
def test_each_persona_belongs_where_the_story_says(chonaikai_owner, npo_editor, outsider, staff):
    assert chonaikai_owner.memberships.get().organization.kind == "neighborhood_association"
    assert chonaikai_owner.memberships.get().role == "owner"
    assert npo_editor.memberships.get().role == "editor"
    assert not outsider.memberships.exists()
    assert staff.is_staff
    assert not outsider.is_staff
    assert chonaikai_owner.check_password("pw-tsunagu-2026")
