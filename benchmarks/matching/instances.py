"""Random but realistic cohorts around Assen (Drenthe) for the matching benchmark."""

from __future__ import annotations

import math
import random
from typing import NamedTuple

from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile


class Place(NamedTuple):
    name: str
    centre: tuple[float, float]  # latitude, longitude


# Municipality id -> place, and the share of newcomers and buddies living there.
MUNICIPALITIES = {
    1: Place("Assen", (52.9925, 6.5649)),
    2: Place("Tynaarlo", (53.0747, 6.5761)),
    3: Place("Aa en Hunze", (53.0054, 6.7633)),
    4: Place("Midden-Drenthe", (52.8630, 6.5131)),
    5: Place("Noordenveld", (53.1375, 6.4213)),
}
NEWCOMER_SHARE = (0.50, 0.125, 0.125, 0.125, 0.125)
BUDDY_SHARE = (0.40, 0.15, 0.15, 0.15, 0.15)
NEIGHBOURHOOD_SPREAD_KM = 2.5

INTERESTS = (
    "cooking", "football", "walking", "cycling", "music", "reading", "gardening", "sewing",
    "chess", "swimming", "fitness", "drawing", "photography", "dancing", "volunteering",
    "computers", "films", "nature", "history", "fishing", "crafts", "board_games", "religion",
    "children_activities",
)  # fmt: skip
NEWCOMER_LANGUAGES = {
    "ar": 0.35, "ti": 0.20, "fa": 0.10, "prs": 0.05, "ku": 0.08, "so": 0.05, "tr": 0.05,
    "uk": 0.08, "ru": 0.06, "am": 0.05, "en": 0.35, "fr": 0.08,
}  # fmt: skip
BUDDY_LANGUAGES = {
    "en": 0.80,
    "de": 0.30,
    "fr": 0.15,
    "es": 0.08,
    "ar": 0.04,
    "tr": 0.03,
    "ru": 0.03,
}
SECTORS = (
    "healthcare", "education", "technology", "construction", "logistics", "hospitality",
    "retail", "agriculture", "administration", "engineering", "childcare", "finance",
    "manufacturing", "cleaning", "transport", "beauty",
)  # fmt: skip
DAY_PARTS = ("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend")


def _place(rng: random.Random, shares) -> tuple[int, float, float]:
    municipality = rng.choices(list(MUNICIPALITIES), weights=shares)[0]
    lat, lon = MUNICIPALITIES[municipality].centre
    north, east = rng.gauss(0, NEIGHBOURHOOD_SPREAD_KM), rng.gauss(0, NEIGHBOURHOOD_SPREAD_KM)
    lat += north / 111.2
    lon += east / (111.2 * math.cos(math.radians(lat)))
    return municipality, round(lat, 4), round(lon, 4)


def _some(rng: random.Random, vocabulary, low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(vocabulary, rng.randint(low, high)))


def _languages(rng: random.Random, chances: dict[str, float]) -> frozenset[str]:
    return frozenset(code for code, chance in chances.items() if rng.random() < chance)


def newcomer(rng: random.Random, pk: int) -> NewcomerProfile:
    gender = rng.choices("fmx", weights=(50, 49, 1))[0]
    municipality, lat, lon = _place(rng, NEWCOMER_SHARE)
    return NewcomerProfile(
        id=pk,
        gender=gender,
        birth_year=rng.randint(1970, 2007),
        lat=lat,
        lon=lon,
        municipality_id=municipality,
        languages=_languages(rng, NEWCOMER_LANGUAGES) | {"nl"},
        interests=_some(rng, INTERESTS, 1, 5),
        availability=_some(rng, DAY_PARTS, 1, 3),
        goal_sectors=_some(rng, SECTORS, 0, 2),
        has_young_children=rng.random() < 0.35,
        buddy_gender_preference="f" if gender == "f" and rng.random() < 0.30 else None,
    )


def buddy(rng: random.Random, pk: int) -> BuddyProfile:
    municipality, lat, lon = _place(rng, BUDDY_SHARE)
    roll = rng.random()
    max_active, active = (
        (1, 0) if roll < 0.85 else (2, rng.randint(0, 1)) if roll < 0.93 else (1, 1)
    )
    return BuddyProfile(
        id=pk,
        gender=rng.choices("fmx", weights=(60, 39, 1))[0],
        birth_year=rng.randint(1950, 2004),
        lat=lat,
        lon=lon,
        municipality_id=municipality,
        languages=_languages(rng, BUDDY_LANGUAGES) | {"nl"},
        interests=_some(rng, INTERESTS, 2, 6),
        availability=_some(rng, DAY_PARTS, 1, 3),
        expertise_sectors=_some(rng, SECTORS, 0, 3),
        has_family=rng.random() < 0.45,
        max_active_matches=max_active,
        active_matches=active,
    )


def cohort(seed: int, newcomers: int, buddies: int, max_distance_km: float = 15.0):
    """(newcomers, buddies, settings) with a few exclusions and coordinator notes."""
    rng = random.Random(seed)
    people = [newcomer(rng, pk) for pk in range(1, newcomers + 1)]
    volunteers = [buddy(rng, 100_000 + pk) for pk in range(1, buddies + 1)]
    excluded = {
        (p.id, rng.choice(volunteers).id) for p in people if volunteers and rng.random() < 0.02
    }
    notes = {
        (p.id, rng.choice(volunteers).id): rng.choice((-5, -3, 2, 3, 5))
        for p in people
        if volunteers and rng.random() < 0.05
    }
    settings = MatchSettings(max_distance_km=max_distance_km, excluded_pairs=excluded, notes=notes)
    return people, volunteers, settings
