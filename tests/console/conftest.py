from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

TOKYO = ZoneInfo("Asia/Tokyo")


def at(*args) -> datetime:
    """A moment in Sendai: at(2026, 5, 10) or at(2026, 5, 10, 9, 30)."""
    return datetime(*args, tzinfo=TOKYO)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def member_client(client, chonaikai_owner):
    client.force_login(chonaikai_owner)
    return client


def backdate(obj, **fields):
    """Set auto_now_add / auto_now fields, which save() would overwrite."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)
    obj.refresh_from_db()
    return obj
