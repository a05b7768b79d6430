"""Without a worker (Celery eager), refreshes asked for during one unit of work run once, for
all their organizations, when the unit ends: a seed of many organizations no longer recomputes
the directory after each one."""

from unittest import mock

import pytest
from django.core.signals import request_finished
from django.test import override_settings

from matching import tasks
from matching.models import Suggestion
from profiles.models import Organization
from profiles.signals import organization_changed
from tests.matching.conftest import listing


@pytest.fixture(autouse=True)
def coalescing():
    with override_settings(MATCHING_EAGER_COALESCE=True):
        yield
    tasks._pending.clear()


def test_a_burst_of_changes_runs_no_refresh_until_the_unit_of_work_ends(directory):
    with mock.patch("matching.services.suggestions_refresh") as refresh:
        for org in directory.values():
            tasks.schedule_refresh(org.pk)
            tasks.schedule_refresh(org.pk)
    assert not refresh.called


def test_the_end_of_the_unit_runs_one_refresh_for_all_changed_organizations(directory):
    with mock.patch("matching.services.suggestions_refresh", return_value=set()) as refresh:
        for org in directory.values():
            tasks.schedule_refresh(org.pk)
        tasks.flush_pending_refreshes()
    assert refresh.call_count == 1
    assert refresh.call_args.kwargs["organization_ids"] == sorted(o.pk for o in directory.values())


def test_the_end_of_a_web_request_flushes_the_gathered_refreshes(directory):
    tasks.schedule_refresh(directory["npo"].pk)
    with mock.patch("matching.services.suggestions_refresh", return_value=set()) as refresh:
        request_finished.send(sender=None)
    assert refresh.call_count == 1


def test_nothing_is_lost_a_change_shows_in_suggestions_after_the_flush(
    directory, django_capture_on_commit_callbacks
):
    company = directory["company"]
    listing(company, "offer", "successors", title="OB人材の紹介")
    with django_capture_on_commit_callbacks(execute=True):
        organization_changed.send(sender=Organization, organization_id=company.pk, reason="x")
    assert not Suggestion.objects.filter(organization=directory["chonaikai"], partner=company)
    tasks.flush_pending_refreshes()
    assert Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists()


def test_with_a_worker_changes_are_queued_as_debounced_tasks_not_gathered(directory):
    from django.core.cache import cache

    cache.delete(tasks.REFRESH_KEY.format(directory["npo"].pk))
    with (
        override_settings(CELERY_TASK_ALWAYS_EAGER=False),
        mock.patch.object(tasks.refresh_suggestions, "apply_async") as queued,
    ):
        tasks.schedule_refresh(directory["npo"].pk)
    assert queued.call_count == 1
    assert tasks._pending == set()


def test_a_full_rebuild_makes_the_gathered_refreshes_moot(directory):
    from matching.services import suggestions_rebuild

    tasks.schedule_refresh(directory["npo"].pk)
    suggestions_rebuild()
    assert tasks.flush_pending_refreshes() == []
