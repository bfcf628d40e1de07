"""Best-pair-first pairing leaves newcomers unmatched where the proposal matches everyone."""

import numpy as np

from matching.assignment import greedy, propose, propose_cohort
from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import Weights, evaluate

SPORTS = frozenset({"football", "cycling", "swimming"})


def cohort_of_15():
    """Five women want a female buddy; there are five female buddies, and the ten men share
    every interest with exactly those five, so the best-looking pairs are man + female buddy."""
    place = {"municipality_id": 1, "lat": 52.9925, "lon": 6.5649}
    women = [
        NewcomerProfile(id=pk, gender="f", buddy_gender_preference="f", **place)
        for pk in range(1, 6)
    ]
    men = [NewcomerProfile(id=pk, gender="m", interests=SPORTS, **place) for pk in range(6, 16)]
    female = [BuddyProfile(id=pk, gender="f", interests=SPORTS, **place) for pk in range(101, 106)]
    male = [BuddyProfile(id=pk, gender="m", **place) for pk in range(106, 116)]
    return women + men, female + male


def test_greedy_leaves_the_women_unmatched_where_the_proposal_matches_all_fifteen():
    newcomers, buddies = cohort_of_15()
    evaluation = evaluate(newcomers, buddies, Weights(), MatchSettings())

    best_first = greedy(evaluation.scores, evaluation.allowed)
    proposal = propose_cohort(newcomers, buddies, Weights(), MatchSettings())

    assert best_first.matched == 10
    assert {u.newcomer for u in best_first.unmatched} == set(range(5))
    assert proposal.matched == 15
    assert proposal.unmatched == ()
    assert all(buddies[p.buddy].gender == "f" for p in proposal.pairs if p.newcomer < 5)


def test_greedy_takes_the_best_pair_even_when_it_costs_a_match():
    scores = np.array([[9, 8], [7, 0]])
    allowed = np.array([[True, True], [True, False]])
    assert greedy(scores, allowed).matched == 1
    assert propose(scores, allowed).matched == 2
