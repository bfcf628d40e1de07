"""How well a newcomer and a buddy fit, and whether they may be paired at all.

A score is a sum of whole points, one term per criterion: ``points = round(weight * value)``
where ``value`` is the criterion in [0, 1] ([-1, 1] for the coordinator's notes) and ``weight``
is the most points the coordinator lets that criterion give. Because each term is rounded once
and the total is their sum, the contributions a coordinator sees always add up to the score.

There are two ways to compute it that give the same integers: ``explain`` for one pair (with
what each criterion saw, for the screen) and ``evaluate`` / ``score_matrix`` for every pair of
two lists at once with NumPy (for proposals and suggestions). They perform the same
floating-point operations in the same order on the same inputs, and use no transcendental
function per pair (the distance goes through unit vectors and chord lengths), so the two agree
bit for bit; ``tests/matching/test_scoring_explained.py`` checks it.

Hard constraints are not part of the score: a pair that breaks one is never proposed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from enum import StrEnum

import numpy as np
from django.utils.translation import gettext_lazy as _

from matching.profiles import (
    NOTE_LIMIT,
    PROGRAMME_LANGUAGE,
    BuddyProfile,
    MatchSettings,
    NewcomerProfile,
)

EARTH_RADIUS_KM = 6371.0088  # mean radius

# A criterion about shared things is full when this many are shared (or when everything the
# person with the fewest has is shared): three shared interests are as good as ten.
INTERESTS_ENOUGH = 3
LANGUAGES_ENOUGH = 1
EXPERTISE_ENOUGH = 2
AVAILABILITY_ENOUGH = 2

MAX_WEIGHT = 100


class Criterion(StrEnum):
    INTERESTS = "interests"
    DISTANCE = "distance"
    AGE = "age"
    LANGUAGE = "language"
    EXPERTISE = "expertise"
    AVAILABILITY = "availability"
    HOUSEHOLD = "household"
    NOTES = "notes"

    @property
    def label(self):
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    Criterion.INTERESTS: _("Shared interests"),
    Criterion.DISTANCE: _("Distance between neighbourhoods"),
    Criterion.AGE: _("Age difference"),
    Criterion.LANGUAGE: _("Shared language besides Dutch"),
    Criterion.EXPERTISE: _("Expertise for the newcomer's work or study goals"),
    Criterion.AVAILABILITY: _("Overlapping availability"),
    Criterion.HOUSEHOLD: _("Household fit"),
    Criterion.NOTES: _("Coordinator's notes"),
}


class Constraint(StrEnum):
    """Hard constraints, in the order they are checked (the first broken one is reported)."""

    GENDER_PREFERENCE = "gender_preference"
    EXCLUDED = "excluded"
    AT_CAPACITY = "at_capacity"
    TOO_FAR = "too_far"

    @property
    def label(self):
        return CONSTRAINT_LABELS[self]

    @property
    def code(self) -> int:
        """The number ``evaluate`` stores for this constraint (0 means allowed)."""
        return CONSTRAINT_ORDER.index(self) + 1


CONSTRAINT_ORDER = tuple(Constraint)

CONSTRAINT_LABELS = {
    Constraint.GENDER_PREFERENCE: _("Gender preference"),
    Constraint.EXCLUDED: _("Excluded by the coordinator"),
    Constraint.AT_CAPACITY: _("Buddy has no room for another match"),
    Constraint.TOO_FAR: _("Different municipality and further than the maximum distance"),
}


def constraint_for_code(code: int) -> Constraint | None:
    return CONSTRAINT_ORDER[code - 1] if code else None


@dataclass(frozen=True)
class Weights:
    """The most points each criterion can give (whole numbers, 0 to MAX_WEIGHT).

    The notes criterion gives between -notes and +notes points.
    """

    interests: int = 25
    distance: int = 20
    age: int = 10
    language: int = 15
    expertise: int = 15
    availability: int = 20
    household: int = 10
    notes: int = 20

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"weight {f.name} must be a whole number, not {value!r}")
            if not 0 <= value <= MAX_WEIGHT:
                raise ValueError(f"weight {f.name} must be between 0 and {MAX_WEIGHT}")

    def of(self, criterion: Criterion) -> int:
        return getattr(self, criterion.value)

    @property
    def max_points(self) -> int:
        """The highest score any pair can get."""
        return sum(getattr(self, f.name) for f in fields(self))

    @property
    def min_points(self) -> int:
        """The lowest score any pair can get (only the notes can take points away)."""
        return -self.notes


@dataclass(frozen=True)
class Contribution:
    """One criterion's part of a score.

    ``evidence`` is what the criterion saw, for the screen: the shared codes (interests,
    language, expertise, availability) as a sorted tuple, the distance in km, the age
    difference in years, whether the household fits, the note; None when not known.
    """

    criterion: Criterion
    label: str
    raw_value: float
    weight: int
    points: int
    evidence: object = None


@dataclass(frozen=True)
class Score:
    total: int
    contributions: tuple[Contribution, ...]
    violation: Constraint | None = None  # the first hard constraint the pair breaks

    @property
    def allowed(self) -> bool:
        return self.violation is None


# --- Geometry ------------------------------------------------------------------------------------


def unit_vector(lat: float | None, lon: float | None) -> tuple[float, float, float] | None:
    """The point on the unit sphere; both paths compute it once per person with this function."""
    if lat is None or lon is None:
        return None
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def chord_for_km(km: float) -> float:
    """Straight-line distance through the unit sphere between points ``km`` apart on Earth."""
    return 2.0 * math.sin(min(km / (2.0 * EARTH_RADIUS_KM), math.pi / 2))


def km_for_chord(chord: float) -> float:
    """Great-circle (haversine) distance in km for a chord of the unit sphere."""
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(chord / 2.0, 1.0))


def _chord(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    dx, dy, dz = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    return math.sqrt(dx * dx + dy * dy + dz * dz)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return km_for_chord(_chord(unit_vector(lat1, lon1), unit_vector(lat2, lon2)))


# --- Criteria: each returns (value, evidence) ----------------------------------------------------
# The arithmetic that turns counts and distances into values is in the small functions below,
# which the vectorised path calls too (to fill lookup tables) or mirrors operation by operation.


def points(weight: int, value: float) -> int:
    """A criterion's whole points: the only rounding in a score."""
    return round(weight * value)


def _share(shared: int, most: int) -> float:
    return shared / most if most else 0.0


def _overlap(a: frozenset[str], b: frozenset[str], enough: int) -> float:
    """Shared items, full at ``enough`` or when all of the smaller set is shared."""
    return _share(min(len(a & b), enough), min(len(a), len(b), enough))


def _closeness(chord: float, chord_max: float) -> float:
    return max(0.0, 1.0 - chord / chord_max)


def _age_closeness(difference: int, span: int) -> float:
    return max(span - difference, 0) / span


def _note_value(note: int) -> float:
    return note / NOTE_LIMIT


def shared_interests(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    return _overlap(n.interests, b.interests, INTERESTS_ENOUGH), tuple(
        sorted(n.interests & b.interests)
    )


def nearby(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    """1 in the same neighbourhood, falling in a straight line to 0 at the maximum distance.

    Straight in the chord length, which differs from the great-circle distance by less than a
    millionth at these distances.
    """
    u, v = unit_vector(n.lat, n.lon), unit_vector(b.lat, b.lon)
    if u is None or v is None:
        return 0.0, None
    chord = _chord(u, v)
    return _closeness(chord, chord_for_km(s.max_distance_km)), km_for_chord(chord)


def similar_age(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    if n.birth_year is None or b.birth_year is None:
        return 0.0, None
    difference = abs(n.birth_year - b.birth_year)
    return _age_closeness(difference, s.max_age_difference), difference


def _other_languages(languages: frozenset[str]) -> frozenset[str]:
    return languages - {PROGRAMME_LANGUAGE}


def shared_language(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    mine, theirs = _other_languages(n.languages), _other_languages(b.languages)
    return _overlap(mine, theirs, LANGUAGES_ENOUGH), tuple(sorted(mine & theirs))


def relevant_expertise(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    return _overlap(n.goal_sectors, b.expertise_sectors, EXPERTISE_ENOUGH), tuple(
        sorted(n.goal_sectors & b.expertise_sectors)
    )


def overlapping_availability(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    return _overlap(n.availability, b.availability, AVAILABILITY_ENOUGH), tuple(
        sorted(n.availability & b.availability)
    )


def household_fit(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    """A family with young children does well with a buddy who has a family too."""
    fits = n.has_young_children and b.has_family
    return (1.0 if fits else 0.0), fits


def coordinator_note(n: NewcomerProfile, b: BuddyProfile, s: MatchSettings):
    note = s.notes.get((n.id, b.id), 0)
    return _note_value(note), note


CRITERIA = {
    Criterion.INTERESTS: shared_interests,
    Criterion.DISTANCE: nearby,
    Criterion.AGE: similar_age,
    Criterion.LANGUAGE: shared_language,
    Criterion.EXPERTISE: relevant_expertise,
    Criterion.AVAILABILITY: overlapping_availability,
    Criterion.HOUSEHOLD: household_fit,
    Criterion.NOTES: coordinator_note,
}


def hard_constraint_violation(
    newcomer: NewcomerProfile, buddy: BuddyProfile, settings: MatchSettings
) -> Constraint | None:
    """The first hard constraint the pair breaks, or None when they may be paired."""
    wanted = newcomer.buddy_gender_preference
    accepted = buddy.newcomer_gender_preference
    if (wanted is not None and buddy.gender != wanted) or (
        accepted is not None and newcomer.gender != accepted
    ):
        return Constraint.GENDER_PREFERENCE
    if (newcomer.id, buddy.id) in settings.excluded_pairs:
        return Constraint.EXCLUDED
    if buddy.capacity_left <= 0:
        return Constraint.AT_CAPACITY
    same_municipality = (
        newcomer.municipality_id is not None and newcomer.municipality_id == buddy.municipality_id
    )
    if not same_municipality:
        u, v = unit_vector(newcomer.lat, newcomer.lon), unit_vector(buddy.lat, buddy.lon)
        if u is None or v is None or _chord(u, v) > chord_for_km(settings.max_distance_km):
            return Constraint.TOO_FAR
    return None


def explain(
    newcomer: NewcomerProfile, buddy: BuddyProfile, weights: Weights, settings: MatchSettings
) -> Score:
    """The score of one pair with every criterion's contribution; they add up to the total."""
    contributions = []
    for criterion, measure in CRITERIA.items():
        value, evidence = measure(newcomer, buddy, settings)
        weight = weights.of(criterion)
        contributions.append(
            Contribution(
                criterion=criterion,
                label=criterion.label,
                raw_value=value,
                weight=weight,
                points=points(weight, value),
                evidence=evidence,
            )
        )
    return Score(
        total=sum(c.points for c in contributions),
        contributions=tuple(contributions),
        violation=hard_constraint_violation(newcomer, buddy, settings),
    )


# --- Every pair at once --------------------------------------------------------------------------
# Counts become points through tables filled by the functions above, so they cannot differ from
# ``explain``; the distance, the one continuous criterion, repeats _chord and _closeness
# operation by operation on whole arrays.


@dataclass(frozen=True)
class Evaluation:
    """Scores and hard-constraint codes for every (newcomer, buddy) pair.

    ``scores[i, j]`` equals ``explain(newcomers[i], buddies[j], ...).total``; ``violations[i, j]``
    is 0 when the pair is allowed, else ``Constraint.code`` of the first constraint it breaks.
    """

    scores: np.ndarray  # int64 [n, m]
    violations: np.ndarray  # uint8 [n, m]

    @property
    def allowed(self) -> np.ndarray:
        return self.violations == 0


_GENDER_CODES = {None: 0, "f": 1, "m": 2, "x": 3}
_WORD = 64


class _Side:
    """One side's people as arrays."""

    def __init__(self, people: Sequence[NewcomerProfile] | Sequence[BuddyProfile]):
        self.ids = [p.id for p in people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        if len(self.index) != len(self.ids):
            raise ValueError("ids must be unique within a list")
        units = [unit_vector(p.lat, p.lon) for p in people]
        self.located = np.array([u is not None for u in units], dtype=bool)
        self.unit = np.array([u or (0.0, 0.0, 0.0) for u in units], dtype=np.float64)
        self.unit = self.unit.reshape(len(people), 3)
        self.birth_known = np.array([p.birth_year is not None for p in people], dtype=bool)
        self.birth_year = np.array([p.birth_year or 0 for p in people], dtype=np.int32)
        self.municipality_known = np.array(
            [p.municipality_id is not None for p in people], dtype=bool
        )
        self.municipality = np.array([p.municipality_id or 0 for p in people], dtype=np.int64)
        self.gender = np.array([_GENDER_CODES[p.gender] for p in people], dtype=np.int8)


def _masks(family: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> list[int]:
    masks = []
    for items in family:
        mask = 0
        for item in items:
            bit = vocabulary.setdefault(item, len(vocabulary))
            mask |= 1 << bit
        masks.append(mask)
    return masks


def _words(masks: list[int], width: int) -> np.ndarray:
    """Python int bitsets as rows of ``width`` 64-bit words."""
    words = np.zeros((len(masks), width), dtype=np.uint64)
    for w in range(width):
        words[:, w] = np.array(
            [(mask >> (_WORD * w)) & (2**_WORD - 1) for mask in masks], np.uint64
        )
    return words


def _overlap_points(
    weight: int, mine: Sequence[frozenset[str]], theirs: Sequence[frozenset[str]], enough: int
) -> np.ndarray:
    """``points(weight, _overlap(a, b, enough))`` for every pair, from bitsets and a popcount."""
    vocabulary: dict[str, int] = {}
    a, b = _masks(mine, vocabulary), _masks(theirs, vocabulary)
    width = max(1, -(-len(vocabulary) // _WORD))
    words_a, words_b = _words(a, width), _words(b, width)
    shared = np.zeros((len(a), len(b)), dtype=np.uint8)
    for w in range(width):
        shared += np.bitwise_count(words_a[:, w, None] & words_b[None, :, w])
        np.minimum(shared, enough, out=shared)
    size_a = np.array([min(mask.bit_count(), enough) for mask in a], dtype=np.uint8)
    size_b = np.array([min(mask.bit_count(), enough) for mask in b], dtype=np.uint8)
    table = np.array(
        [points(weight, _share(s, most)) for s in range(enough + 1) for most in range(enough + 1)],
        dtype=np.int16,
    )
    shared *= np.uint8(enough + 1)
    shared += np.minimum(size_a[:, None], size_b[None, :])
    return table[shared]


def _chords(mine: _Side, theirs: _Side) -> np.ndarray:
    """_chord for every pair, operation by operation (garbage where a position is unknown)."""
    chord = mine.unit[:, None, 0] - theirs.unit[None, :, 0]
    chord *= chord
    for axis in (1, 2):
        d = mine.unit[:, None, axis] - theirs.unit[None, :, axis]
        d *= d
        chord += d
    return np.sqrt(chord, out=chord)


def _pair_indices(pairs, mine: _Side, theirs: _Side) -> tuple[list[int], list[int], list]:
    rows, cols, keys = [], [], []
    for key in pairs:
        i, j = mine.index.get(key[0]), theirs.index.get(key[1])
        if i is not None and j is not None:
            rows.append(i)
            cols.append(j)
            keys.append(key)
    return rows, cols, keys


def evaluate(
    newcomers: Sequence[NewcomerProfile],
    buddies: Sequence[BuddyProfile],
    weights: Weights,
    settings: MatchSettings,
) -> Evaluation:
    """Scores and hard constraints for every pair, vectorised; equal to ``explain`` per pair."""
    mine, theirs = _Side(newcomers), _Side(buddies)
    total = _overlaps_points(newcomers, buddies, weights)

    chord = _chords(mine, theirs)
    chord_max = chord_for_km(settings.max_distance_km)
    within = chord <= chord_max
    within[~mine.located] = False
    within[:, ~theirs.located] = False
    if weights.distance:
        total += _distance_points(chord, chord_max, weights.distance, mine, theirs)
    del chord
    if weights.age:
        total += _age_points(weights.age, settings.max_age_difference, mine, theirs)
    if weights.household:
        total += _household_points(weights.household, newcomers, buddies)
    if weights.notes and settings.notes:
        rows, cols, keys = _pair_indices(settings.notes, mine, theirs)
        if keys:  # notes may be about people outside these lists
            total[rows, cols] += np.array(
                [points(weights.notes, _note_value(settings.notes[k])) for k in keys], np.int32
            )
    violations = _violations(newcomers, buddies, settings, mine, theirs, within)
    return Evaluation(scores=total.astype(np.int64), violations=violations)


def _overlaps_points(newcomers, buddies, weights: Weights) -> np.ndarray:
    """int32[n, m]: the points for shared interests, languages, sectors and day parts."""
    total = np.zeros((len(newcomers), len(buddies)), dtype=np.int32)
    for weight, enough, of_newcomer, of_buddy in (
        (weights.interests, INTERESTS_ENOUGH, lambda p: p.interests, lambda b: b.interests),
        (
            weights.language,
            LANGUAGES_ENOUGH,
            lambda p: _other_languages(p.languages),
            lambda b: _other_languages(b.languages),
        ),
        (
            weights.expertise,
            EXPERTISE_ENOUGH,
            lambda p: p.goal_sectors,
            lambda b: b.expertise_sectors,
        ),
        (
            weights.availability,
            AVAILABILITY_ENOUGH,
            lambda p: p.availability,
            lambda b: b.availability,
        ),
    ):
        if weight:
            mine_sets = [of_newcomer(p) for p in newcomers]
            their_sets = [of_buddy(b) for b in buddies]
            total += _overlap_points(weight, mine_sets, their_sets, enough)
    return total


def _distance_points(
    chord: np.ndarray, chord_max: float, weight: int, mine: _Side, theirs: _Side
) -> np.ndarray:
    """int32[n, m]: _closeness and points, computed in place in ``chord`` (which it spoils)."""
    near = chord
    near /= chord_max
    np.subtract(1.0, near, out=near)
    np.maximum(near, 0.0, out=near)
    near *= weight
    np.rint(near, out=near)
    near[~mine.located] = 0.0
    near[:, ~theirs.located] = 0.0
    return near.astype(np.int32)


def _age_points(weight: int, span: int, mine: _Side, theirs: _Side) -> np.ndarray:
    difference = np.abs(mine.birth_year[:, None] - theirs.birth_year[None, :])
    np.minimum(difference, span, out=difference)
    table = np.array([points(weight, _age_closeness(d, span)) for d in range(span + 1)], np.int16)
    age = table[difference]
    age[~mine.birth_known] = 0
    age[:, ~theirs.birth_known] = 0
    return age


def _household_points(weight: int, newcomers, buddies) -> np.ndarray:
    children = np.array([p.has_young_children for p in newcomers], dtype=bool)
    family = np.array([b.has_family for b in buddies], dtype=bool)
    table = np.array([points(weight, v) for v in (0.0, 1.0)], np.int16)
    return table[(children[:, None] & family[None, :]).view(np.uint8)]


def _violations(
    newcomers, buddies, settings: MatchSettings, mine: _Side, theirs: _Side, within: np.ndarray
) -> np.ndarray:
    """uint8[n, m]: the code of the first hard constraint a pair breaks, 0 for none. The later
    constraints are written first, so the first broken one wins."""
    nearby_enough = mine.municipality[:, None] == theirs.municipality[None, :]
    nearby_enough[~mine.municipality_known] = False
    nearby_enough[:, ~theirs.municipality_known] = False
    nearby_enough |= within
    violations = np.where(nearby_enough, np.uint8(0), np.uint8(Constraint.TOO_FAR.code))
    capacity = np.array([b.capacity_left for b in buddies], dtype=np.int64)
    violations[:, capacity <= 0] = Constraint.AT_CAPACITY.code
    if settings.excluded_pairs:
        rows, cols, keys = _pair_indices(settings.excluded_pairs, mine, theirs)
        if keys:
            violations[rows, cols] = Constraint.EXCLUDED.code
    wanted = np.array([_GENDER_CODES[p.buddy_gender_preference] for p in newcomers], np.int8)
    accepted = np.array([_GENDER_CODES[b.newcomer_gender_preference] for b in buddies], np.int8)
    if wanted.any() or accepted.any():
        clash = (wanted[:, None] != 0) & (wanted[:, None] != theirs.gender[None, :])
        clash |= (accepted[None, :] != 0) & (accepted[None, :] != mine.gender[:, None])
        violations[clash] = Constraint.GENDER_PREFERENCE.code
    return violations


def score_matrix(
    newcomers: Sequence[NewcomerProfile],
    buddies: Sequence[BuddyProfile],
    weights: Weights,
    settings: MatchSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """(scores int64[n, m], allowed bool[n, m]) for every pair; see ``evaluate``."""
    evaluation = evaluate(newcomers, buddies, weights, settings)
    return evaluation.scores, evaluation.allowed
