"""The apps' permissions are decided by their rules alone (core.auth_backends): a Django
permission row of the same name grants nothing, while the admin's other model permissions
still work."""

import pytest
from django.contrib.auth.models import Permission

pytestmark = pytest.mark.django_db


def _grant(user, codename: str):
    user.user_permissions.add(Permission.objects.get(codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh object: Django caches permissions


def test_a_permission_row_does_not_grant_what_the_rule_refuses(outsider):
    outsider = _grant(outsider, "change_organization")
    assert not outsider.has_perm("profiles.change_organization")


def test_the_admin_model_permissions_outside_the_rules_still_work(outsider):
    outsider = _grant(outsider, "delete_organization")
    assert outsider.has_perm("profiles.delete_organization")


def test_asking_a_registered_permission_costs_the_menu_no_permission_queries(
    chonaikai_owner, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        assert not chonaikai_owner.has_perm("console.access")


def _api_views():
    from django.urls import get_resolver

    def walk(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns)
            else:
                yield getattr(p.callback, "cls", None)

    return {view for view in walk(get_resolver().url_patterns) if view is not None}


def test_every_permission_an_api_view_names_is_registered():
    """A misspelt name in permission_required would refuse everyone without a word."""
    import rules

    from core.api_permissions import RulesPermission

    named = {
        (view.__name__, perm)
        for view in _api_views()
        for perm in getattr(view, "permission_required", {}).values()
        if isinstance(perm, str)
    }
    assert named, "no API view names its permissions"
    assert {(v, p) for v, p in named if not rules.perm_exists(p)} == set()
    users = {v.__name__ for v in _api_views() if RulesPermission in v.permission_classes}
    assert {v for v, _p in named} <= users
