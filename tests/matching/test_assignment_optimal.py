"""The cohort proposal is optimal: the most newcomers matched, then the highest total score."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.assignment import greedy, propose
from tests.matching.solvers import brute_force, milp_solver, networkx_solver
from tests.matching.strategies import instances, random_instance


def outcome(proposal) -> tuple[int, int]:
    return proposal.matched, proposal.total_score


@settings(max_examples=300, deadline=None)
@given(instances(max_newcomers=7, max_buddies=7))
def test_proposal_equals_brute_force_on_instances_up_to_7_by_7(instance):
    scores, allowed, pinned = instance
    assert outcome(propose(scores, allowed, pinned)) == brute_force(scores, allowed, pinned)


@pytest.mark.parametrize("n", range(8))
@pytest.mark.parametrize("m", range(8))
def test_proposal_equals_brute_force_for_every_shape_up_to_7_by_7(n, m):
    rng = np.random.default_rng(1000 * n + m)
    for density in (0.1, 0.3, 0.6, 1.0):
        for pins in (0, 2):
            scores, allowed, pinned = random_instance(rng, n, m, density, pins)
            expected = brute_force(scores, allowed, pinned)
            for method in ("dense", "sparse"):
                assert outcome(propose(scores, allowed, pinned, method=method)) == expected


@settings(max_examples=100, deadline=None)
@given(instances(max_newcomers=7, max_buddies=7))
def test_sparse_solver_equals_brute_force(instance):
    scores, allowed, pinned = instance
    proposal = propose(scores, allowed, pinned, method="sparse")
    assert outcome(proposal) == brute_force(scores, allowed, pinned)


@pytest.mark.parametrize(
    ("n", "m", "density", "pins", "seed"),
    [
        (200, 200, 0.02, 0, 1),
        (200, 200, 0.05, 10, 2),
        (200, 140, 0.3, 5, 3),
        (140, 200, 0.6, 0, 4),
        (60, 90, 0.5, 8, 5),
        (90, 60, 0.1, 3, 6),
    ],
)
def test_proposal_equals_networkx_blossom_on_larger_instances(n, m, density, pins, seed):
    scores, allowed, pinned = random_instance(np.random.default_rng(seed), n, m, density, pins)
    expected = networkx_solver(scores, allowed, pinned)
    for method in ("dense", "sparse"):
        assert outcome(propose(scores, allowed, pinned, method=method)) == expected


@pytest.mark.parametrize(
    ("n", "m", "density", "pins", "seed"),
    [
        (200, 200, 0.5, 0, 11),
        (200, 200, 0.9, 20, 12),
        (200, 170, 0.15, 10, 13),
        (170, 200, 0.75, 4, 14),
    ],
)
def test_proposal_equals_an_integer_program_on_dense_instances_up_to_200(n, m, density, pins, seed):
    scores, allowed, pinned = random_instance(np.random.default_rng(seed), n, m, density, pins)
    expected = milp_solver(scores, allowed, pinned)
    for method in ("dense", "sparse"):
        assert outcome(propose(scores, allowed, pinned, method=method)) == expected


@settings(max_examples=40, deadline=None)
@given(instances(max_newcomers=40, max_buddies=40))
def test_proposal_equals_networkx_on_random_mid_sized_instances(instance):
    scores, allowed, pinned = instance
    assert outcome(propose(scores, allowed, pinned)) == networkx_solver(scores, allowed, pinned)


@settings(max_examples=200, deadline=None)
@given(instances(max_newcomers=7, max_buddies=7))
def test_greedy_is_never_better_than_the_proposal(instance):
    scores, allowed, pinned = instance
    assert outcome(greedy(scores, allowed, pinned)) <= outcome(propose(scores, allowed, pinned))


@st.composite
def large_instances(draw, densities):
    n, m = draw(st.integers(1, 200)), draw(st.integers(1, 200))
    density = draw(st.sampled_from(densities))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return random_instance(rng, n, m, density, pins=draw(st.integers(0, 10)))


@settings(max_examples=12, deadline=None)
@given(large_instances(densities=[0.01, 0.03, 0.1, 0.25]))
def test_proposal_equals_networkx_on_random_instances_up_to_200_by_200(instance):
    scores, allowed, pinned = instance
    assert outcome(propose(scores, allowed, pinned)) == networkx_solver(scores, allowed, pinned)


@settings(max_examples=12, deadline=None)
@given(large_instances(densities=[0.3, 0.6, 0.95]))
def test_proposal_equals_an_integer_program_on_random_instances_up_to_200_by_200(instance):
    scores, allowed, pinned = instance
    assert outcome(propose(scores, allowed, pinned)) == milp_solver(scores, allowed, pinned)
