"""Per-person, per-kind delivery: in-app only, e-mail now (default), weekly digest."""

import pytest
from django.core import mail

from core.errors import ApplicationError
from core.models import Notification
from core.notifications import notify, preference_set

pytestmark = pytest.mark.django_db(transaction=True)


def test_by_default_a_notification_is_mailed_now(outsider):
    notify(user=outsider, kind="event.reminder", title="明日は交流会")
    assert len(mail.outbox) == 1


def test_in_app_only_sends_no_mail_but_keeps_the_notification(outsider):
    preference_set(user=outsider, kind="event.reminder", delivery="in_app")
    notify(user=outsider, kind="event.reminder", title="明日は交流会")
    assert mail.outbox == []
    assert Notification.objects.filter(user=outsider).count() == 1


def test_weekly_digest_holds_the_mail_for_the_digest(outsider):
    preference_set(user=outsider, kind="event.reminder", delivery="digest")
    notification = notify(user=outsider, kind="event.reminder", title="明日は交流会")
    assert mail.outbox == []
    assert notification.digest_pending


def test_a_preference_for_one_kind_leaves_other_kinds_alone(outsider):
    preference_set(user=outsider, kind="event.reminder", delivery="in_app")
    notify(user=outsider, kind="introduction.requested", title="紹介の依頼")
    assert len(mail.outbox) == 1


def test_an_unknown_delivery_is_refused(outsider):
    with pytest.raises(ApplicationError):
        preference_set(user=outsider, kind="event.reminder", delivery="pigeon")


def test_the_settings_page_saves_a_choice(client, outsider):
    client.force_login(outsider)
    client.post("/notifications/settings/", {"kind:introduction.requested": "digest"})
    notify(user=outsider, kind="introduction.requested", title="紹介の依頼")
    assert mail.outbox == []


def test_the_settings_page_needs_a_login(client):
    assert client.get("/notifications/settings/").status_code == 302
