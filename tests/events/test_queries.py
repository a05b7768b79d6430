"""List pages cost the same number of queries for 2 events as for 12."""

import pytest

from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_max_num_queries, n):
    for i in range(n):
        make_event(title=f"交流会{i}")
    with django_assert_max_num_queries(12) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/events/", "/events/calendar/", "/api/v1/events/"])
def test_list_pages_do_not_query_per_event(client, django_assert_max_num_queries, url):
    few = _count(client, url, django_assert_max_num_queries, 2)
    many = _count(client, url, django_assert_max_num_queries, 10)
    assert many == few
