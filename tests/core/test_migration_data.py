"""The rows the migrations write (tag vocabulary, site name) are there for every test, also
after a transactional test flushed the database and with a reused test database."""

import pytest
from django.contrib.sites.models import Site

from core.models import Facet, Tag
from tests.conftest import restore_migration_data

WHOLE_VOCABULARY = {"field": 21, "resource": 22, "target": 9, "sdg": 17, "area": 7}


def _vocabulary_counts():
    return {facet: Tag.objects.filter(facet=facet).count() for facet in Facet.values}


@pytest.mark.django_db
def test_an_ordinary_test_finds_the_whole_vocabulary_and_the_site_name():
    assert _vocabulary_counts() == WHOLE_VOCABULARY
    assert Site.objects.get_current().name == "つなぐ Tsunagu"


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_finds_the_whole_vocabulary_and_the_site_name():
    assert _vocabulary_counts() == WHOLE_VOCABULARY
    assert Site.objects.get_current().name == "つなぐ Tsunagu"


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_the_migration_data_back():
    Tag.objects.update(parent=None)
    Tag.objects.all().delete()
    Site.objects.all().delete()
    Site.objects.clear_cache()
    restore_migration_data()
    assert _vocabulary_counts() == WHOLE_VOCABULARY
    assert Site.objects.get_current().name == "つなぐ Tsunagu"
