"""What scoring needs to know about a newcomer, a buddy and the coordinator's settings.

Plain frozen dataclasses, no models: the Django side builds them from participants and
matches (a selector), and the matching core never touches the database. Codes (languages,
interests, day parts, sectors) are plain strings; the core only compares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

GENDERS = frozenset({"f", "m", "x"})

# The day parts people say they are free; any other code works as well, these are the usual ones.
DAY_PARTS = ("weekday_morning", "weekday_afternoon", "weekday_evening", "weekend")

# Dutch is what the programme practises; sharing it says nothing about a pair.
PROGRAMME_LANGUAGE = "nl"

# A coordinator's note on a pair is an integer from -NOTE_LIMIT (strongly against) to
# +NOTE_LIMIT (strongly for); the notes criterion scales it to [-1, 1].
NOTE_LIMIT = 5

PairKey = tuple[int, int]  # (newcomer id, buddy id)


def _check_gender(value: str | None, *, what: str, optional: bool) -> None:
    if value is None and optional:
        return
    if value not in GENDERS:
        raise ValueError(f"{what} must be one of {sorted(GENDERS)}, not {value!r}")


def _check_location(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise ValueError("lat and lon are both known or both None")
    if lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"({lat}, {lon}) is not a position on Earth")


@dataclass(frozen=True, slots=True)
class NewcomerProfile:
    id: int
    gender: str
    birth_year: int | None = None
    lat: float | None = None  # of the neighbourhood, not the address
    lon: float | None = None
    municipality_id: int | None = None
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    goal_sectors: frozenset[str] = frozenset()  # work or study the newcomer aims at
    has_young_children: bool = False
    buddy_gender_preference: str | None = None  # None: any buddy

    def __post_init__(self):
        _check_gender(self.gender, what="gender", optional=False)
        _check_gender(self.buddy_gender_preference, what="buddy_gender_preference", optional=True)
        _check_location(self.lat, self.lon)


@dataclass(frozen=True, slots=True)
class BuddyProfile:
    id: int
    gender: str
    birth_year: int | None = None
    lat: float | None = None
    lon: float | None = None
    municipality_id: int | None = None
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    expertise_sectors: frozenset[str] = frozenset()  # profession and experience
    has_family: bool = False  # has children of their own
    max_active_matches: int = 1
    active_matches: int = 0
    newcomer_gender_preference: str | None = None  # None: any newcomer

    def __post_init__(self):
        _check_gender(self.gender, what="gender", optional=False)
        _check_gender(
            self.newcomer_gender_preference, what="newcomer_gender_preference", optional=True
        )
        _check_location(self.lat, self.lon)
        if self.max_active_matches < 0 or self.active_matches < 0:
            raise ValueError("match counts cannot be negative")

    @property
    def capacity_left(self) -> int:
        return max(self.max_active_matches - self.active_matches, 0)


@dataclass(frozen=True)
class MatchSettings:
    """The coordinator's choices for one matching run.

    ``max_distance_km``: a pair in different municipalities is allowed only this close (a pair
    in the same municipality always is); the distance criterion falls from 1 at 0 km to 0 here.
    ``max_age_difference``: the age criterion falls from 1 at the same age to 0 at this many
    years apart. ``excluded_pairs``: (newcomer id, buddy id) pairs the coordinator ruled out.
    ``notes``: the coordinator's judgement of a pair, -NOTE_LIMIT..NOTE_LIMIT.
    """

    max_distance_km: float = 15.0
    max_age_difference: int = 30
    excluded_pairs: frozenset[PairKey] = frozenset()
    notes: Mapping[PairKey, int] = field(default_factory=dict)

    def __post_init__(self):
        if not self.max_distance_km > 0:
            raise ValueError("max_distance_km must be positive")
        if not (isinstance(self.max_age_difference, int) and self.max_age_difference > 0):
            raise ValueError("max_age_difference must be a positive whole number of years")
        for pair, note in self.notes.items():
            if not (isinstance(note, int) and -NOTE_LIMIT <= note <= NOTE_LIMIT):
                raise ValueError(f"note for {pair} must be an integer in ±{NOTE_LIMIT}")
        object.__setattr__(self, "excluded_pairs", frozenset(self.excluded_pairs))
        object.__setattr__(self, "notes", MappingProxyType(dict(self.notes)))
