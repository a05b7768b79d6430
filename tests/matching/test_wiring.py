"""The pieces around the engine agree with the rest of the project."""

from unittest import mock

from django.conf import settings

from matching import engine, tasks
from profiles.models import THEME_KINDS, OrganizationKind


def test_the_engine_knows_the_same_theme_based_kinds_as_profiles():
    assert {str(k) for k in THEME_KINDS} == engine.THEME_KINDS
    assert engine.NEIGHBORHOOD_KIND == OrganizationKind.NEIGHBORHOOD_ASSOCIATION


def test_every_kind_has_a_label_for_reasons():
    assert set(engine.KIND_LABELS) == set(OrganizationKind.values)


def test_the_nightly_rebuild_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["matching-nightly-rebuild"]
    assert entry["task"] == tasks.rebuild_suggestions.name


def test_the_nightly_task_and_the_command_share_one_service(directory):
    from django.core.management import call_command

    from matching import services

    with mock.patch.object(services, "_rebuild_chunk", wraps=services._rebuild_chunk) as chunk:
        tasks.rebuild_suggestions()  # the Celery group, run in process here
        by_task = chunk.call_count
        call_command("rebuild_suggestions")
    assert by_task >= 1
    assert chunk.call_count > by_task  # the command swaps lists through the same chunk service
