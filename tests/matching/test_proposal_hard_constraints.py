"""A proposal never pairs people a hard constraint keeps apart, and keeps the pinned pairs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assignment import greedy, propose, propose_cohort
from matching.scoring import hard_constraint_violation
from tests.matching.strategies import cohorts, instances, random_pins


def assert_one_to_one(proposal):
    assert len({p.newcomer for p in proposal.pairs}) == len(proposal.pairs)
    assert len({p.buddy for p in proposal.pairs}) == len(proposal.pairs)


@settings(max_examples=300, deadline=None)
@given(instances(max_newcomers=12, max_buddies=12), st.sampled_from(["dense", "sparse"]))
def test_every_proposed_pair_is_allowed_and_pins_are_kept(instance, method):
    scores, allowed, pinned = instance
    for proposal in (
        propose(scores, allowed, pinned, method=method),
        greedy(scores, allowed, pinned),
    ):
        assert all(allowed[p.newcomer, p.buddy] for p in proposal.pairs)
        assert set(pinned) <= {(p.newcomer, p.buddy) for p in proposal.pairs}
        assert {(p.newcomer, p.buddy) for p in proposal.pairs if p.pinned} == set(pinned)
        assert_one_to_one(proposal)
        assert all(p.score == scores[p.newcomer, p.buddy] for p in proposal.pairs)


@settings(max_examples=150, deadline=None)
@given(cohorts(max_newcomers=8, max_buddies=8), st.data())
def test_a_cohort_proposal_breaks_no_hard_constraint(cohort, data):
    people, volunteers, weights, match_settings = cohort
    allowed = np.array(
        [
            [hard_constraint_violation(p, b, match_settings) is None for b in volunteers]
            for p in people
        ],
        dtype=bool,
    ).reshape(len(people), len(volunteers))
    pins = random_pins(np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))), allowed, 2)
    pinned_ids = [(people[i].id, volunteers[j].id) for i, j in pins]

    proposal = propose_cohort(people, volunteers, weights, match_settings, pinned_ids)

    for pair in proposal.pairs:
        assert (
            hard_constraint_violation(people[pair.newcomer], volunteers[pair.buddy], match_settings)
            is None
        )
    assert set(pins) <= {(p.newcomer, p.buddy) for p in proposal.pairs}
    assert_one_to_one(proposal)


def test_a_pin_that_breaks_a_hard_constraint_is_refused():
    scores = np.array([[5, 3], [2, 4]])
    allowed = np.array([[True, False], [True, True]])
    with pytest.raises(ValueError, match="hard constraint"):
        propose(scores, allowed, pinned=[(0, 1)])


def test_pinning_a_person_twice_is_refused():
    scores = np.ones((2, 2), dtype=int)
    allowed = np.ones((2, 2), dtype=bool)
    with pytest.raises(ValueError, match="twice"):
        propose(scores, allowed, pinned=[(0, 0), (1, 0)])


def test_a_pinned_pair_stays_even_when_the_rest_would_score_more_without_it():
    scores = np.array([[1, 100], [100, 1]])
    allowed = np.ones((2, 2), dtype=bool)
    proposal = propose(scores, allowed, pinned=[(0, 0)])
    assert [(p.newcomer, p.buddy, p.pinned) for p in proposal.pairs] == [
        (0, 0, True),
        (1, 1, False),
    ]
    assert proposal.total_score == 2
