import pytest

from tests.helpers import make_event


@pytest.fixture
def event(db):
    return make_event()


@pytest.fixture
def small_event(db):
    return make_event(title="防災フォーラム", kind="forum", capacity=4, per_org_limit=3)
