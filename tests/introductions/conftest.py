"""Introductions between the cast: the 町内会 (chonaikai_owner) asks the NPO (npo_editor);
the company's member is another organization's member; staff curate."""

import pytest
from django.contrib.auth.models import AnonymousUser

from matching.introductions import services


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def request_intro(chonaikai, npo, chonaikai_owner, npo_editor):
    return services.introduction_request(
        requester=chonaikai, recipient=npo, by=chonaikai_owner, message="防災訓練を一緒に"
    )


@pytest.fixture
def proposal(chonaikai, npo, chonaikai_owner, npo_editor, staff):
    return services.introduction_propose(
        organization_a=chonaikai, organization_b=npo, by=staff, note="子ども食堂と町内会の連携に"
    )


@pytest.fixture
def accepted_intro(request_intro, npo_editor):
    return services.introduction_accept(introduction=request_intro, by=npo_editor)


@pytest.fixture
def conversation(accepted_intro):
    return accepted_intro.conversation


@pytest.fixture
def curated_conversation(proposal, chonaikai_owner, npo_editor):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    intro = services.introduction_accept(introduction=proposal, by=npo_editor)
    return intro.conversation


@pytest.fixture
def personas(anonymous, chonaikai_owner, npo_editor, company_member, outsider, staff):
    return {
        "anonymous": anonymous,
        "requester_member": chonaikai_owner,
        "recipient_member": npo_editor,
        "other_org_member": company_member,
        "outsider": outsider,
        "staff": staff,
    }
