"""What other apps read: who has an accepted introduction with whom (contact details)."""

import pytest

from matching.introductions import services
from matching.introductions.selectors import (
    has_accepted_introduction,
    organizations_with_accepted_introduction,
)

pytestmark = pytest.mark.django_db


def test_an_accepted_introduction_links_both_organizations(accepted_intro, chonaikai, npo):
    assert organizations_with_accepted_introduction(chonaikai) == {npo.pk}
    assert organizations_with_accepted_introduction(npo) == {chonaikai.pk}
    assert has_accepted_introduction(chonaikai, npo)
    assert has_accepted_introduction(npo.pk, chonaikai.pk)


def test_an_open_request_reveals_nothing(request_intro, chonaikai, npo):
    assert organizations_with_accepted_introduction(chonaikai) == set()
    assert not has_accepted_introduction(chonaikai, npo)


def test_a_declined_request_reveals_nothing(request_intro, npo_editor, chonaikai, npo):
    services.introduction_decline(introduction=request_intro, by=npo_editor, reason="too_far")
    assert not has_accepted_introduction(chonaikai, npo)


def test_an_organization_is_not_introduced_to_a_third_party(accepted_intro, chonaikai, company):
    assert not has_accepted_introduction(chonaikai, company)
