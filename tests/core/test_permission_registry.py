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
