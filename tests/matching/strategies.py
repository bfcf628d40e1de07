"""Hypothesis strategies and random instances for the matching tests."""

import numpy as np
from hypothesis import strategies as st

from matching.profiles import NOTE_LIMIT, BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import MAX_WEIGHT, Weights


def random_instance(rng: np.random.Generator, n: int, m: int, density: float, pins: int = 0):
    """(scores, allowed, pinned): scores from -20 to 150 (notes can make a score negative),
    or from a narrow range so that many matchings tie; pins are allowed and disjoint."""
    if rng.random() < 0.3:
        scores = rng.integers(0, 4, size=(n, m))
    else:
        scores = rng.integers(-20, 151, size=(n, m))
    allowed = rng.random((n, m)) < density
    return scores, allowed, random_pins(rng, allowed, pins)


def random_pins(rng: np.random.Generator, allowed: np.ndarray, count: int):
    pins, rows, cols = [], set(), set()
    candidates = np.argwhere(allowed)
    rng.shuffle(candidates)
    for i, j in candidates.tolist():
        if len(pins) == count:
            break
        if i not in rows and j not in cols:
            pins.append((i, j))
            rows.add(i)
            cols.add(j)
    return pins


@st.composite
def instances(draw, max_newcomers: int = 7, max_buddies: int = 7):
    """Small (scores, allowed, pinned) instances of any shape up to the given size."""
    n = draw(st.integers(0, max_newcomers))
    m = draw(st.integers(0, max_buddies))
    low, high = draw(st.sampled_from([(0, 3), (-20, 150), (-5, 5)]))
    scores = np.array(
        draw(st.lists(st.integers(low, high), min_size=n * m, max_size=n * m)), dtype=np.int64
    ).reshape(n, m)
    density = draw(st.sampled_from([0.0, 0.15, 0.4, 0.7, 1.0]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    allowed = rng.random((n, m)) < density
    pins = random_pins(rng, allowed, draw(st.integers(0, 3)))
    return scores, allowed, pins


# --- Profiles -------------------------------------------------------------------------------------

INTERESTS = ("cooking", "football", "walking", "music", "reading", "chess", "sewing", "films")
LANGUAGES = ("nl", "en", "ar", "ti", "fa", "uk", "de")
SECTORS = ("healthcare", "education", "technology", "logistics", "hospitality")
DAY_PARTS = ("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend")

# Around Assen, a few km apart, so that some pairs fall either side of the maximum distance.
latitudes = st.floats(52.85, 53.15, allow_nan=False)
longitudes = st.floats(6.35, 6.80, allow_nan=False)
genders = st.sampled_from("fmx")


def _subset(items):
    return st.frozensets(st.sampled_from(items), max_size=len(items))


@st.composite
def _place(draw):
    if draw(st.integers(0, 9)) == 0:
        return None, None
    return draw(latitudes), draw(longitudes)


IDS = st.integers(1, 10**6)


def _person(draw, birth_years) -> dict:
    """The profile fields newcomers and buddies share."""
    lat, lon = draw(_place())
    return {
        "id": draw(IDS),
        "gender": draw(genders),
        "birth_year": draw(st.none() | birth_years),
        "lat": lat,
        "lon": lon,
        "municipality_id": draw(st.none() | st.integers(1, 4)),
        "languages": draw(_subset(LANGUAGES)),
        "interests": draw(_subset(INTERESTS)),
        "availability": draw(_subset(DAY_PARTS)),
    }


@st.composite
def newcomers(draw):
    return NewcomerProfile(
        **_person(draw, st.integers(1950, 2008)),
        goal_sectors=draw(_subset(SECTORS)),
        has_young_children=draw(st.booleans()),
        buddy_gender_preference=draw(st.none() | genders),
    )


@st.composite
def buddies(draw):
    person = _person(draw, st.integers(1940, 2006))
    max_active = draw(st.integers(0, 3))
    return BuddyProfile(
        **person,
        expertise_sectors=draw(_subset(SECTORS)),
        has_family=draw(st.booleans()),
        max_active_matches=max_active,
        active_matches=draw(st.integers(0, max_active)),
        newcomer_gender_preference=draw(st.none() | genders),
    )


weights = st.builds(
    Weights, **{name: st.integers(0, MAX_WEIGHT) for name in Weights.__dataclass_fields__}
)


@st.composite
def match_settings(draw, newcomer_ids=(), buddy_ids=()):
    """Settings whose exclusions and notes are mostly about these people, some about others."""
    pairs = [(n, b) for n in newcomer_ids for b in buddy_ids]
    others = st.tuples(IDS, IDS)
    chosen = (st.sampled_from(pairs) | others) if pairs else others
    return MatchSettings(
        max_distance_km=draw(st.floats(0.5, 40.0)),
        max_age_difference=draw(st.integers(1, 60)),
        excluded_pairs=frozenset(draw(st.lists(chosen, max_size=5))),
        notes=draw(st.dictionaries(chosen, st.integers(-NOTE_LIMIT, NOTE_LIMIT), max_size=8)),
    )


@st.composite
def cohorts(draw, max_newcomers: int = 6, max_buddies: int = 8):
    """(newcomers, buddies, weights, settings) with unique ids on each side."""
    people = draw(st.lists(newcomers(), max_size=max_newcomers, unique_by=lambda p: p.id))
    volunteers = draw(st.lists(buddies(), max_size=max_buddies, unique_by=lambda b: b.id))
    settings = draw(match_settings([p.id for p in people], [b.id for b in volunteers]))
    return people, volunteers, draw(weights), settings
