"""A profile change refreshes suggestions through a debounced Celery task, after commit."""

from unittest import mock

from django.core.cache import cache

from matching import scheduling, tasks
from matching.models import Suggestion
from profiles.models import Organization
from profiles.services.organizations import organization_update
from profiles.signals import organization_changed
from tests.matching.conftest import listing


def test_a_changed_organization_gets_fresh_suggestions_after_commit(
    directory, django_capture_on_commit_callbacks
):
    company = directory["company"]
    listing(company, "offer", "successors", title="OB人材の紹介")
    with django_capture_on_commit_callbacks(execute=True):
        organization_changed.send(
            sender=Organization, organization_id=company.pk, reason="listing.created"
        )
    assert Suggestion.objects.filter(organization=directory["chonaikai"], partner=company).exists()


def test_nothing_is_queued_before_the_change_commits(
    directory, staff, django_capture_on_commit_callbacks
):
    # The profile service is the transaction: the matcher hears of the change only after it
    # commits (one on_commit, in the service), and then queues the refresh at once.
    with mock.patch.object(tasks.refresh_suggestions, "apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            organization_update(
                organization=directory["npo"], by=staff, description="子ども食堂を週3回開いています"
            )
        assert not queued.called
        for callback in callbacks:
            callback()
        assert queued.call_count == 1


def test_a_burst_of_changes_queues_a_single_refresh(directory):
    with mock.patch.object(tasks.refresh_suggestions, "apply_async") as queued:
        for _ in range(5):
            scheduling.schedule_refresh(directory["npo"].pk)
    assert queued.call_count == 1
    assert queued.call_args.kwargs["countdown"] == scheduling.refresh_delay()


def test_a_change_after_the_refresh_ran_queues_another(directory):
    with mock.patch.object(tasks.refresh_suggestions, "apply_async") as queued:
        scheduling.schedule_refresh(directory["npo"].pk)
        cache.delete(scheduling.REFRESH_KEY.format(directory["npo"].pk))  # what the task does first
        scheduling.schedule_refresh(directory["npo"].pk)
    assert queued.call_count == 2


def test_refreshes_asked_for_while_paused_are_skipped_and_the_rest_run(directory):
    # seed_demo changes every organization and then rebuilds every list: inside `paused()`
    # no refresh is queued; outside, the next change queues one again.
    with mock.patch.object(tasks.refresh_suggestions, "apply_async") as queued:
        with scheduling.paused():
            for org in directory.values():
                assert scheduling.schedule_refresh(org.pk) is False
        assert not queued.called
        assert scheduling.schedule_refresh(directory["npo"].pk) is True
    assert queued.call_count == 1
