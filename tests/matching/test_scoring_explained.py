"""A score explains itself: its criterion contributions add up to it, and hard constraints hold."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.profiles import NOTE_LIMIT, BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import (
    Constraint,
    Criterion,
    Weights,
    evaluate,
    explain,
    hard_constraint_violation,
    haversine_km,
    nearby,
    score_matrix,
)
from tests.matching.strategies import buddies, cohorts, match_settings, newcomers, weights

ASSEN = (52.9925, 6.5649)
ROLDE = (52.9840, 6.6480)  # about 5.6 km east of Assen, in another municipality
GRONINGEN = (53.2194, 6.5665)  # about 25 km north


def newcomer(**fields):
    return NewcomerProfile(**{"id": 1, "gender": "f", **fields})


def buddy(**fields):
    return BuddyProfile(**{"id": 2, "gender": "f", **fields})


@settings(max_examples=300, deadline=None)
@given(newcomers(), buddies(), weights, st.data())
def test_the_contributions_add_up_to_the_score(person, volunteer, weight, data):
    match_settings_ = data.draw(match_settings([person.id], [volunteer.id]))
    score = explain(person, volunteer, weight, match_settings_)
    assert sum(c.points for c in score.contributions) == score.total
    assert [c.criterion for c in score.contributions] == list(Criterion)
    for c in score.contributions:
        assert isinstance(c.points, int)
        assert c.weight == weight.of(c.criterion)
        low = -1.0 if c.criterion is Criterion.NOTES else 0.0
        assert low <= c.raw_value <= 1.0
        assert abs(c.points) <= c.weight
    assert weight.min_points <= score.total <= weight.max_points


@settings(max_examples=200, deadline=None)
@given(cohorts(max_newcomers=6, max_buddies=8))
def test_the_score_matrix_equals_explain_for_every_pair(cohort):
    people, volunteers, weight, match_settings_ = cohort
    evaluation = evaluate(people, volunteers, weight, match_settings_)
    scores, allowed = score_matrix(people, volunteers, weight, match_settings_)
    assert scores.shape == allowed.shape == (len(people), len(volunteers))
    for i, p in enumerate(people):
        for j, b in enumerate(volunteers):
            score = explain(p, b, weight, match_settings_)
            assert scores[i, j] == score.total
            violation = hard_constraint_violation(p, b, match_settings_)
            assert score.violation == violation
            assert allowed[i, j] == (violation is None)
            assert evaluation.violations[i, j] == (violation.code if violation else 0)


def test_the_score_matrix_equals_explain_on_a_sample_of_a_large_cohort():
    from benchmarks.matching.instances import cohort

    people, volunteers, match_settings_ = cohort(seed=7, newcomers=300, buddies=400)
    scores, allowed = score_matrix(people, volunteers, Weights(), match_settings_)
    rng = np.random.default_rng(7)
    for i, j in zip(rng.integers(0, 300, 3000), rng.integers(0, 400, 3000), strict=True):
        score = explain(people[i], volunteers[j], Weights(), match_settings_)
        assert (scores[i, j], allowed[i, j]) == (score.total, score.allowed)


def test_a_woman_who_asks_for_a_female_buddy_never_gets_a_male_one():
    her = newcomer(gender="f", buddy_gender_preference="f", municipality_id=1)
    him = buddy(id=3, gender="m", municipality_id=1)
    she = buddy(id=4, gender="f", municipality_id=1)
    assert hard_constraint_violation(her, him, MatchSettings()) is Constraint.GENDER_PREFERENCE
    assert hard_constraint_violation(her, she, MatchSettings()) is None


@settings(max_examples=200, deadline=None)
@given(newcomers(), buddies())
def test_a_gender_preference_is_never_broken(person, volunteer):
    allowed = (
        hard_constraint_violation(person, volunteer, MatchSettings(max_distance_km=1000)) is None
    )
    if person.buddy_gender_preference is not None and allowed:
        assert volunteer.gender == person.buddy_gender_preference
    if volunteer.newcomer_gender_preference is not None and allowed:
        assert person.gender == volunteer.newcomer_gender_preference


def test_an_excluded_pair_is_not_allowed():
    match_settings_ = MatchSettings(excluded_pairs={(1, 2)})
    pair = newcomer(municipality_id=1), buddy(municipality_id=1)
    assert hard_constraint_violation(*pair, match_settings_) is Constraint.EXCLUDED
    assert hard_constraint_violation(*pair, MatchSettings()) is None


def test_a_buddy_with_no_room_left_is_not_allowed():
    full = buddy(municipality_id=1, max_active_matches=2, active_matches=2)
    room = buddy(municipality_id=1, max_active_matches=2, active_matches=1)
    assert hard_constraint_violation(newcomer(municipality_id=1), full, MatchSettings()) is (
        Constraint.AT_CAPACITY
    )
    assert hard_constraint_violation(newcomer(municipality_id=1), room, MatchSettings()) is None


def test_a_pair_is_allowed_in_the_same_municipality_or_within_the_maximum_distance():
    here = newcomer(municipality_id=1, lat=ASSEN[0], lon=ASSEN[1])
    near_elsewhere = buddy(municipality_id=2, lat=ROLDE[0], lon=ROLDE[1])
    far_elsewhere = buddy(municipality_id=3, lat=GRONINGEN[0], lon=GRONINGEN[1])
    far_same = buddy(municipality_id=1, lat=GRONINGEN[0], lon=GRONINGEN[1])
    unknown_elsewhere = buddy(municipality_id=2)
    rules = MatchSettings(max_distance_km=15)
    assert hard_constraint_violation(here, near_elsewhere, rules) is None
    assert hard_constraint_violation(here, far_same, rules) is None
    assert hard_constraint_violation(here, far_elsewhere, rules) is Constraint.TOO_FAR
    assert hard_constraint_violation(here, unknown_elsewhere, rules) is Constraint.TOO_FAR
    assert hard_constraint_violation(here, near_elsewhere, MatchSettings(max_distance_km=5)) is (
        Constraint.TOO_FAR
    )


def test_the_first_broken_constraint_is_reported():
    person = newcomer(buddy_gender_preference="f", municipality_id=1)
    volunteer = buddy(gender="m", municipality_id=2, max_active_matches=0)
    rules = MatchSettings(excluded_pairs={(1, 2)})
    assert hard_constraint_violation(person, volunteer, rules) is Constraint.GENDER_PREFERENCE


def textbook_haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@given(
    st.floats(50, 54), st.floats(3, 8), st.floats(50, 54), st.floats(3, 8),
)  # fmt: skip
def test_distance_is_the_haversine_distance(lat1, lon1, lat2, lon2):
    expected = textbook_haversine(lat1, lon1, lat2, lon2)
    assert haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(expected, abs=1e-6)


def test_the_distance_criterion_falls_from_1_at_0_km_to_0_at_the_maximum_distance():
    rules = MatchSettings(max_distance_km=15)
    here = newcomer(lat=ASSEN[0], lon=ASSEN[1])

    def value_at(lat, lon):
        return nearby(here, buddy(lat=lat, lon=lon), rules)

    assert value_at(*ASSEN) == (1.0, 0.0)
    value, km = value_at(*ROLDE)
    assert km == pytest.approx(textbook_haversine(*ASSEN, *ROLDE))
    assert value == pytest.approx(1 - km / 15, abs=1e-6)
    assert value_at(*GRONINGEN)[0] == 0.0
    assert nearby(here, buddy(), rules) == (0.0, None)


def test_a_shared_language_counts_only_besides_dutch():
    only_dutch = explain(
        newcomer(languages=frozenset({"nl", "ar"})),
        buddy(languages=frozenset({"nl", "en"})),
        Weights(),
        MatchSettings(),
    )
    arabic = explain(
        newcomer(languages=frozenset({"nl", "ar"})),
        buddy(languages=frozenset({"nl", "ar"})),
        Weights(),
        MatchSettings(),
    )
    language = Criterion.LANGUAGE
    assert next(c for c in only_dutch.contributions if c.criterion is language).points == 0
    shared = next(c for c in arabic.contributions if c.criterion is language)
    assert (shared.points, shared.evidence) == (Weights().language, ("ar",))


def test_the_coordinators_note_adds_or_takes_away_points():
    rules = MatchSettings(notes={(1, 2): -NOTE_LIMIT, (1, 3): 2})
    against = explain(newcomer(), buddy(), Weights(notes=20), rules)
    note = next(c for c in against.contributions if c.criterion is Criterion.NOTES)
    assert (note.raw_value, note.points, note.evidence) == (-1.0, -20, -NOTE_LIMIT)
    towards = explain(newcomer(), buddy(id=3), Weights(notes=20), rules)
    assert next(c for c in towards.contributions if c.criterion is Criterion.NOTES).points == 8


@pytest.mark.parametrize("bad", [-1, 101, 2.5, True])
def test_weights_are_whole_numbers_from_0_to_100(bad):
    with pytest.raises((TypeError, ValueError)):
        Weights(interests=bad)


def test_notes_outside_the_range_are_refused():
    with pytest.raises(ValueError):
        MatchSettings(notes={(1, 2): NOTE_LIMIT + 1})


def test_criterion_and_constraint_labels_are_translated():
    from django.utils import translation

    with translation.override("nl"):
        assert str(Criterion.INTERESTS.label) == "Gedeelde interesses"
        assert str(Constraint.GENDER_PREFERENCE.label) == "Voorkeur voor gender"
    with translation.override("en"):
        assert str(Criterion.INTERESTS.label) == "Shared interests"


def test_notes_and_exclusions_about_people_outside_the_lists_are_ignored():
    rules = MatchSettings(notes={(1, 2): 3, (7, 8): -2}, excluded_pairs={(9, 2), (1, 9)})
    people = [newcomer(id=1, municipality_id=1), newcomer(id=5, municipality_id=1)]
    volunteers = [buddy(id=2, municipality_id=1)]
    scores, allowed = score_matrix(people, volunteers, Weights(), rules)
    assert scores.tolist() == [[explain(p, volunteers[0], Weights(), rules).total] for p in people]
    assert allowed.all()
    lonely = MatchSettings(notes={(7, 8): -2}, excluded_pairs={(9, 2)})
    scores, allowed = score_matrix(people, volunteers, Weights(), lonely)
    assert allowed.all()


def test_the_score_matrix_equals_explain_with_more_than_64_different_interests():
    rng = np.random.default_rng(3)
    vocabulary = [f"interest_{k}" for k in range(150)]

    def some():
        return frozenset(rng.choice(vocabulary, size=rng.integers(0, 12), replace=False).tolist())

    people = [newcomer(id=k, interests=some(), municipality_id=1) for k in range(30)]
    volunteers = [buddy(id=k, interests=some(), municipality_id=1) for k in range(40)]
    scores, _allowed = score_matrix(people, volunteers, Weights(), MatchSettings())
    expected = [
        [explain(p, b, Weights(), MatchSettings()).total for b in volunteers] for p in people
    ]
    assert scores.tolist() == expected
    assert len(set().union(*(p.interests for p in people + volunteers))) > 2 * 64
