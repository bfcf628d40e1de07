"""Suggestions for one newcomer: allowed buddies, best first, each with its explanation."""

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import Weights, explain
from matching.suggestions import suggest
from tests.matching.strategies import cohorts


@settings(max_examples=150, deadline=None)
@given(cohorts(max_newcomers=1, max_buddies=12), st.integers(1, 15))
def test_suggestions_are_the_best_allowed_buddies_with_their_explanations(cohort, limit):
    people, buddies, weights, rules = cohort
    if not people:
        return
    newcomer = people[0]
    suggestions = suggest(newcomer, buddies, weights, rules, limit=limit)

    explained = [(b, explain(newcomer, b, weights, rules)) for b in buddies]
    allowed = [(b, s) for b, s in explained if s.allowed]
    best = sorted(allowed, key=lambda item: -item[1].total)  # stable: ties in the given order
    assert [s.buddy for s in suggestions] == [b for b, _s in best[:limit]]
    for suggestion in suggestions:
        assert suggestion.score == explain(newcomer, suggestion.buddy, weights, rules)
        assert sum(c.points for c in suggestion.score.contributions) == suggestion.score.total


def test_suggestions_can_be_limited_to_municipalities():
    newcomer = NewcomerProfile(id=1, gender="f", municipality_id=1, lat=52.99, lon=6.56)
    here = BuddyProfile(id=10, gender="f", municipality_id=1, lat=52.99, lon=6.56)
    nearby = BuddyProfile(id=11, gender="f", municipality_id=2, lat=53.0, lon=6.6)
    everywhere = suggest(newcomer, [here, nearby], Weights(), MatchSettings())
    assert [s.buddy.id for s in everywhere] == [10, 11]
    only_two = suggest(newcomer, [here, nearby], Weights(), MatchSettings(), municipality_ids={2})
    assert [s.buddy.id for s in only_two] == [11]


def test_a_buddy_breaking_a_hard_constraint_is_not_suggested():
    newcomer = NewcomerProfile(id=1, gender="f", buddy_gender_preference="f", municipality_id=1)
    him = BuddyProfile(id=10, gender="m", municipality_id=1, interests=frozenset({"chess"}))
    her = BuddyProfile(id=11, gender="f", municipality_id=1)
    assert [s.buddy.id for s in suggest(newcomer, [him, her], Weights(), MatchSettings())] == [11]
