"""Profiles for scoring come from the intake records."""

import pytest

from matching.selectors import buddy_profiles
from participants.models import Buddy
from tests.matching.factories import available_buddy

pytestmark = pytest.mark.django_db


def test_a_buddy_with_children_of_their_own_counts_as_a_family_for_household_fit():
    with_children = available_buddy(has_children=True)
    without = available_buddy(has_children=False)
    profiles = {
        p.id: p for p in buddy_profiles(Buddy.objects.filter(pk__in=[with_children.pk, without.pk]))
    }
    assert profiles[with_children.pk].has_family is True
    assert profiles[without.pk].has_family is False
