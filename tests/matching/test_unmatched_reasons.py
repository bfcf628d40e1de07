"""A newcomer left without a buddy is listed with the constraint that stopped them."""

import numpy as np
from hypothesis import given, settings

from matching.assignment import (
    NEEDED_FOR_OTHERS,
    NO_ALLOWED_BUDDY,
    NO_BUDDIES,
    greedy,
    propose,
    propose_cohort,
)
from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import Constraint, Weights, hard_constraint_violation
from tests.matching.strategies import cohorts

ASSEN = {"municipality_id": 1, "lat": 52.9925, "lon": 6.5649}
GRONINGEN = {"municipality_id": 9, "lat": 53.2194, "lon": 6.5665}


def person(pk, **fields):
    return NewcomerProfile(**{"id": pk, "gender": "f", **ASSEN, **fields})


def volunteer(pk, **fields):
    return BuddyProfile(**{"id": pk, "gender": "f", **ASSEN, **fields})


def only_unmatched(people, volunteers, rules=None, pinned_ids=()):
    proposal = propose_cohort(people, volunteers, Weights(), rules or MatchSettings(), pinned_ids)
    [unmatched] = proposal.unmatched
    return unmatched


def test_a_woman_wanting_a_female_buddy_among_male_buddies_is_stopped_by_her_preference():
    unmatched = only_unmatched(
        [person(1, buddy_gender_preference="f")],
        [volunteer(10, gender="m"), volunteer(11, gender="m")],
    )
    assert unmatched.reason == Constraint.GENDER_PREFERENCE
    assert unmatched.blocked_by == ((Constraint.GENDER_PREFERENCE, 2),)


def test_a_newcomer_far_from_every_buddy_is_stopped_by_the_distance():
    unmatched = only_unmatched([person(1, **GRONINGEN)], [volunteer(10), volunteer(11)])
    assert unmatched.reason == Constraint.TOO_FAR


def test_the_reason_is_the_constraint_that_stopped_most_buddies():
    buddies = [volunteer(10, gender="m"), volunteer(11, gender="m")] + [
        volunteer(pk, **GRONINGEN) for pk in (12, 13, 14)
    ]
    unmatched = only_unmatched([person(1, buddy_gender_preference="f")], buddies)
    assert unmatched.reason == Constraint.TOO_FAR
    assert unmatched.blocked_by == ((Constraint.TOO_FAR, 3), (Constraint.GENDER_PREFERENCE, 2))


def test_a_newcomer_excluded_from_the_only_buddy_is_stopped_by_the_exclusion():
    rules = MatchSettings(excluded_pairs={(1, 10)})
    assert only_unmatched([person(1)], [volunteer(10)], rules).reason == Constraint.EXCLUDED


def test_buddies_without_room_stop_a_newcomer():
    full = [volunteer(10, active_matches=1), volunteer(11, max_active_matches=0)]
    assert only_unmatched([person(1)], full).reason == Constraint.AT_CAPACITY


def test_a_newcomer_whose_buddies_were_all_needed_for_others_says_so():
    # Newcomer 1 lives near buddy 11 only; newcomers 2 and 3 (indices 1 and 2) both live near
    # buddy 10 only, so one of them must go without.
    people = [person(1), person(2, **GRONINGEN), person(3, **GRONINGEN)]
    buddies = [volunteer(10, **GRONINGEN), volunteer(11)]
    unmatched = only_unmatched(people, buddies)
    assert unmatched.newcomer in (1, 2)
    assert unmatched.reason == NEEDED_FOR_OTHERS
    assert unmatched.blocked_by == ()


def test_a_buddy_pinned_to_someone_else_was_needed_for_others():
    unmatched = only_unmatched([person(1), person(2)], [volunteer(10)], pinned_ids=[(2, 10)])
    assert (unmatched.newcomer, unmatched.reason) == (0, NEEDED_FOR_OTHERS)


def test_a_cohort_without_buddies_says_there_is_none():
    assert only_unmatched([person(1)], []).reason == NO_BUDDIES


def test_without_the_violations_the_reason_is_only_that_no_buddy_was_allowed():
    proposal = propose(np.array([[5]]), np.array([[False]]))
    assert proposal.unmatched[0].reason == NO_ALLOWED_BUDDY


@settings(max_examples=150, deadline=None)
@given(cohorts(max_newcomers=7, max_buddies=6))
def test_every_reason_given_is_true(cohort):
    people, buddies, weights, rules = cohort
    proposal = propose_cohort(people, buddies, weights, rules)
    matched_buddies = {p.buddy for p in proposal.pairs}
    assert len(proposal.unmatched) + proposal.matched == len(people)
    for unmatched in proposal.unmatched:
        violations = [
            hard_constraint_violation(people[unmatched.newcomer], b, rules) for b in buddies
        ]
        if unmatched.reason == NEEDED_FOR_OTHERS:
            allowed = [j for j, v in enumerate(violations) if v is None]
            assert allowed and set(allowed) <= matched_buddies
        elif unmatched.reason == NO_BUDDIES:
            assert not buddies
        else:
            assert None not in violations
            counts = {c: violations.count(c) for c in set(violations)}
            assert dict(unmatched.blocked_by) == counts
            assert unmatched.reason == max(counts, key=lambda c: (counts[c], -c.code))


@settings(max_examples=100, deadline=None)
@given(cohorts(max_newcomers=7, max_buddies=6))
def test_greedy_gives_reasons_the_same_way(cohort):
    from matching.scoring import evaluate

    people, buddies, weights, rules = cohort
    evaluation = evaluate(people, buddies, weights, rules)
    proposal = greedy(evaluation.scores, evaluation.allowed, violations=evaluation.violations)
    for unmatched in proposal.unmatched:
        has_allowed = evaluation.allowed[unmatched.newcomer].any()
        assert (unmatched.reason == NEEDED_FOR_OTHERS) == has_allowed
