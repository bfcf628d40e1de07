"""Aggregates for the board: a group smaller than five people is shown as "< 5"."""

import pytest
from django.template import engines

from reporting.privacy import small_count


@pytest.mark.parametrize(
    ("n", "shown"), [(0, "< 5"), (1, "< 5"), (4, "< 5"), (5, 5), (6, 6), (1200, 1200)]
)
def test_groups_below_five_are_hidden(n, shown):
    assert small_count(n) == shown


def test_the_threshold_can_be_raised():
    assert small_count(7, threshold=10) == "< 10"
    assert small_count(10, threshold=10) == 10


def test_no_number_stays_no_number():
    assert small_count(None) is None


def test_the_template_filter_hides_small_groups():
    template = engines["django"].from_string(
        "{% load reporting %}{{ few|small_count }}|{{ many|small_count }}|{{ few|small_count:3 }}"
    )
    assert template.render({"few": 3, "many": 42}) == "&lt; 5|42|3"
