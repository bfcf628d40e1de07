"""Reads for matching: profiles for the scoring core built from the database in a fixed number of
queries, the coordinator's settings, and the counts the overview and other apps show.

The core (``profiles``, ``scoring``, ``assignment``) never touches the database; everything it
needs comes from here. A newcomer is matched only with an active consent to process their data:
their work goal, household and wishes for a buddy are intake details (participants shows them only
with that consent), and a wish such as "a female buddy" is a hard constraint that must be known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from json import loads as json_loads

from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from cohorts.selectors import groups_led_by
from matching.models import OPEN_STATUSES, CheckIn, Exclusion, Match, MatchWeights, PairNote
from matching.profiles import BuddyProfile, MatchSettings, NewcomerProfile
from matching.scoring import Weights
from participants.models import Buddy, Consent, Gender, GenderPreference, Newcomer

#: Newcomers in these statuses can get a buddy (the intake is done, they have not left).
MATCHABLE_NEWCOMER = (
    Newcomer.Status.INTAKE_DONE,
    Newcomer.Status.WAITING,
    Newcomer.Status.PLACED,
    Newcomer.Status.ACTIVE,
)
#: Buddies in these statuses can take a (further) match, up to their maximum.
MATCHABLE_BUDDY = (Buddy.Status.AVAILABLE, Buddy.Status.MATCHED)

#: A child this age or younger makes a "family with young children".
YOUNG_CHILD_AGE = 12

#: An active match without a check-in for this long needs one.
CHECKIN_INTERVAL = timedelta(weeks=6)

_GENDER = {Gender.FEMALE: "f", Gender.MALE: "m"}  # other and not specified: "x"
_PREFERENCE = {GenderPreference.FEMALE: "f", GenderPreference.MALE: "m"}


# --- Scope ---------------------------------------------------------------------------------------
# Coordinators and administrators see every match; the scope exists so that a later rule (a
# coordinator per municipality) changes one place.


def matches_visible_to(user) -> QuerySet[Match]:
    return Match.objects.select_related("newcomer__person", "buddy__person", "cohort", "created_by")


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    return Cohort.objects.select_related("programme", "municipality")


# --- The coordinator's settings -----------------------------------------------------------------


def current_weights() -> MatchWeights:
    """The one row of weights, made with the defaults the first time it is asked for."""
    row, _created = MatchWeights.objects.get_or_create(pk=1)
    return row


def match_settings_for(
    row: MatchWeights, newcomer_ids: Iterable[int], buddy_ids: Iterable[int] | None = None
) -> MatchSettings:
    """The settings for scoring these newcomers: limits, and their exclusions and notes (two
    queries, whatever the number of people)."""
    newcomer_ids = list(newcomer_ids)
    exclusions = Exclusion.objects.filter(newcomer_id__in=newcomer_ids)
    notes = PairNote.objects.filter(newcomer_id__in=newcomer_ids)
    if buddy_ids is not None:
        buddy_ids = list(buddy_ids)
        exclusions = exclusions.filter(buddy_id__in=buddy_ids)
        notes = notes.filter(buddy_id__in=buddy_ids)
    return MatchSettings(
        max_distance_km=float(row.max_distance_km),
        max_age_difference=row.max_age_difference,
        excluded_pairs=frozenset(exclusions.values_list("newcomer_id", "buddy_id")),
        notes={(n, b): p for n, b, p in notes.values_list("newcomer_id", "buddy_id", "points")},
    )


def scoring_for(
    newcomer_ids: Iterable[int], buddy_ids: Iterable[int] | None = None
) -> tuple[Weights, MatchSettings]:
    row = current_weights()
    return row.as_weights(), match_settings_for(row, newcomer_ids, buddy_ids)


# --- Profiles ------------------------------------------------------------------------------------

#: What a profile needs of the person. JSON lists come as text and are parsed here, positions as
#: floats: Django's per-value converters would take most of the time for thousands of buddies.
_PERSON_JSON = {
    "languages": "person__languages",
    "interests": "person__interests",
    "availability": "person__availability",
}


def _rows(queryset: QuerySet, *, json: dict[str, str], plain: tuple[str, ...]) -> list[dict]:
    """``queryset`` as dicts: pk, gender, birth date, municipality, lat, lon, the ``json`` lists
    (name -> path) and the ``plain`` fields."""
    annotations = {f"_{name}": Cast(path, TextField()) for name, path in json.items()}
    annotations["_lat"] = Cast("person__neighbourhood__latitude", FloatField())
    annotations["_lon"] = Cast("person__neighbourhood__longitude", FloatField())
    names = ("pk", "person__gender", "person__birth_date", "person__municipality_id")
    keys = (*names, "lat", "lon", *json, *plain)
    rows = []
    for values in queryset.annotate(**annotations).values_list(
        *names, "_lat", "_lon", *(f"_{name}" for name in json), *plain
    ):
        row = dict(zip(keys, values, strict=True))
        for name in json:
            row[name] = json_loads(row[name]) if row[name] else []
        rows.append(row)
    return rows


def _consented() -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person"), kind=Consent.Kind.PROCESSING, withdrawn_on__isnull=True
        )
    )


def _open_matches() -> Coalesce:
    counts = (
        Match.objects.filter(buddy=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("buddy")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_consent(newcomers: QuerySet[Newcomer]) -> QuerySet[Newcomer]:
    """Annotate ``may_process``: the newcomer has an active consent to process their data."""
    if "may_process" in newcomers.query.annotations:
        return newcomers
    return newcomers.annotate(may_process=_consented())


def with_open_matches(buddies: QuerySet[Buddy]) -> QuerySet[Buddy]:
    """Annotate ``open_matches``: proposed, introduced and active matches (each takes a place)."""
    if "open_matches" in buddies.query.annotations:
        return buddies
    return buddies.annotate(open_matches=_open_matches())


def matchable_newcomers() -> QuerySet[Newcomer]:
    """Newcomers who can get a buddy now: intake done, not left, consent given, no open match."""
    return (
        with_consent(Newcomer.objects.filter(status__in=MATCHABLE_NEWCOMER))
        .filter(may_process=True)
        .exclude(matches__status__in=OPEN_STATUSES)
    )


def matchable_buddies(*, room_only: bool = True) -> QuerySet[Buddy]:
    """Buddies who can take a match; with ``room_only`` only those below their maximum."""
    buddies = with_open_matches(Buddy.objects.filter(status__in=MATCHABLE_BUDDY))
    if room_only:
        buddies = buddies.filter(open_matches__lt=F("max_active_matches"))
    return buddies


def _location(row: dict) -> dict:
    birth = row["person__birth_date"]
    return {
        "id": row["pk"],
        "gender": _GENDER.get(row["person__gender"], "x"),
        "birth_year": birth.year if birth else None,
        "lat": row["lat"],
        "lon": row["lon"],
        "municipality_id": row["person__municipality_id"],
        "languages": frozenset(row["languages"]),
        "interests": frozenset(row["interests"]),
        "availability": frozenset(row["availability"]),
    }


def newcomer_profiles(newcomers: QuerySet[Newcomer]) -> list[NewcomerProfile]:
    """Profiles for the newcomers of ``newcomers`` that may be matched (with consent), in its
    order; one query."""
    rows = _rows(
        with_consent(newcomers),
        json={**_PERSON_JSON, "children_ages": "children_ages"},
        plain=("may_process", "work_sector", "buddy_gender_preference"),
    )
    return [
        NewcomerProfile(
            **_location(row),
            goal_sectors=frozenset([row["work_sector"]] if row["work_sector"] else []),
            has_young_children=any(
                isinstance(age, int) and age <= YOUNG_CHILD_AGE for age in row["children_ages"]
            ),
            buddy_gender_preference=_PREFERENCE.get(row["buddy_gender_preference"]),
        )
        for row in rows
        if row["may_process"]
    ]


def buddy_profiles(buddies: QuerySet[Buddy]) -> list[BuddyProfile]:
    """Profiles for the buddies of ``buddies``, in its order, with their open matches; one query."""
    rows = _rows(
        with_open_matches(buddies),
        json={**_PERSON_JSON, "expertise_sectors": "expertise_sectors"},
        plain=("max_active_matches", "open_matches", "has_children"),
    )
    return [
        BuddyProfile(
            **_location(row),
            expertise_sectors=frozenset(row["expertise_sectors"]),
            has_family=row["has_children"],
            max_active_matches=row["max_active_matches"],
            active_matches=row["open_matches"],
        )
        for row in rows
    ]


def buddies_for_page(ids: Iterable[int]) -> dict[int, Buddy]:
    """The buddies a page shows, with their person, place and open matches; one query."""
    return with_open_matches(
        Buddy.objects.select_related("person", "person__municipality", "person__neighbourhood")
    ).in_bulk(list(ids))


def newcomers_for_page(ids: Iterable[int]) -> dict[int, Newcomer]:
    return with_consent(
        Newcomer.objects.select_related("person", "person__municipality", "person__neighbourhood")
    ).in_bulk(list(ids))


# --- Cohorts -------------------------------------------------------------------------------------


def _enrolled(cohort: Cohort, role: str) -> Q:
    return Q(
        person__enrolments__cohort=cohort,
        person__enrolments__role=role,
        person__enrolments__status=Enrolment.Status.ENROLLED,
    )


@dataclass
class CohortPeople:
    """Who takes part in a cohort, as matching sees them."""

    newcomers: list[NewcomerProfile]  # enrolled, with consent, without an open match
    buddies: list[BuddyProfile]  # enrolled, available or matched (at their maximum too)
    matched: list[Match] = field(default_factory=list)  # open matches of its newcomers
    without_consent: list[Newcomer] = field(default_factory=list)


def cohort_people(cohort: Cohort) -> CohortPeople:
    """The cohort's newcomers still to match and its buddies, as profiles; a fixed number of
    queries. Buddies at their maximum stay in, so that a newcomer left over can be told why."""
    newcomers = Newcomer.objects.filter(_enrolled(cohort, Enrolment.Role.NEWCOMER)).order_by("pk")
    open_newcomers = Match.objects.filter(status__in=OPEN_STATUSES, newcomer=OuterRef("pk"))
    to_match = newcomers.exclude(Exists(open_newcomers))
    buddies = Buddy.objects.filter(
        _enrolled(cohort, Enrolment.Role.BUDDY), status__in=MATCHABLE_BUDDY
    ).order_by("pk")
    matched = list(
        Match.objects.filter(status__in=OPEN_STATUSES, newcomer__in=newcomers)
        .select_related("newcomer__person", "buddy__person", "cohort")
        .order_by("newcomer__person__family_name", "newcomer__person__given_names", "pk")
    )
    return CohortPeople(
        newcomers=newcomer_profiles(to_match),
        buddies=buddy_profiles(buddies),
        matched=matched,
        without_consent=list(
            with_consent(to_match.select_related("person")).filter(may_process=False)
        ),
    )


@dataclass(frozen=True)
class CohortMatchCounts:
    newcomers: int = 0  # enrolled
    buddies: int = 0  # enrolled
    proposed: int = 0
    introduced: int = 0
    active: int = 0
    ended: int = 0

    @property
    def open(self) -> int:
        return self.proposed + self.introduced + self.active

    @property
    def newcomers_without_match(self) -> int:
        return max(self.newcomers - self.open, 0)


def match_counts_by_cohort(cohort_ids: Iterable[int]) -> dict[int, CohortMatchCounts]:
    """For each cohort: enrolled newcomers and buddies, and its matches by status; two queries
    for any number of cohorts."""
    cohort_ids = list(cohort_ids)
    counts: dict[int, dict] = {pk: {} for pk in cohort_ids}
    enrolled = (
        Enrolment.objects.filter(cohort_id__in=cohort_ids, status=Enrolment.Status.ENROLLED)
        .values("cohort_id", "role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in enrolled:
        key = "newcomers" if row["role"] == Enrolment.Role.NEWCOMER else "buddies"
        counts[row["cohort_id"]][key] = row["n"]
    statuses = (
        Match.objects.filter(cohort_id__in=cohort_ids)
        .values("cohort_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in statuses:
        counts[row["cohort_id"]][row["status"]] = row["n"]
    return {pk: CohortMatchCounts(**values) for pk, values in counts.items()}


def match_counts_for_cohort(cohort: Cohort) -> CohortMatchCounts:
    """Enrolled newcomers and buddies and the cohort's matches by status (for its overview)."""
    return match_counts_by_cohort([cohort.pk])[cohort.pk]


def cohorts_to_match() -> QuerySet[Cohort]:
    """Cohorts where matching happens: recruiting or running, newest first."""
    return cohorts_visible_to(None).filter(
        status__in=[Cohort.Status.RECRUITING, Cohort.Status.RUNNING]
    )


# --- Overviews -----------------------------------------------------------------------------------


def with_last_checkin(matches: QuerySet[Match]) -> QuerySet[Match]:
    return matches.annotate(last_checkin=Max("checkins__on"))


def checkin_due_before(today: date | None = None) -> date:
    return (today or timezone.localdate()) - CHECKIN_INTERVAL


def matches_needing_checkin(user, today: date | None = None) -> QuerySet[Match]:
    """Active matches without a check-in for six weeks (counting from the start when there was
    none), longest waiting first."""
    due = checkin_due_before(today)
    return (
        with_last_checkin(matches_visible_to(user).filter(status=Match.Status.ACTIVE))
        .annotate(
            checked=Greatest(Coalesce("last_checkin", "started_on"), F("started_on")),
        )
        .filter(checked__lt=due)
        .order_by("checked", "pk")
    )


def match_status_counts() -> dict[str, int]:
    """Matches per status, and all of them ("ever"); one query."""
    row = Match.objects.aggregate(
        ever=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Match.Status.values},
    )
    return row


def home_counts(user) -> dict[str, int]:
    """What a coordinator's start page shows about matching, in two queries."""
    return {
        **match_status_counts(),
        "needing_checkin": matches_needing_checkin(user).count(),
    }


def match_for_page(user, pk: int) -> QuerySet[Match]:
    """A match with what its page shows: people, places, check-ins and their authors."""
    return (
        matches_visible_to(user)
        .select_related(
            "newcomer__person__municipality",
            "newcomer__person__neighbourhood",
            "buddy__person__municipality",
            "buddy__person__neighbourhood",
            "cohort__programme",
        )
        .prefetch_related(
            Prefetch(
                "checkins", queryset=CheckIn.objects.select_related("by").order_by("-on", "-pk")
            )
        )
    )


def matches_of_person(person_pk: int) -> list[Match]:
    """Every match a person had, as newcomer or as buddy, newest first; one query."""
    return list(
        Match.objects.filter(Q(newcomer_id=person_pk) | Q(buddy_id=person_pk))
        .select_related("newcomer__person", "buddy__person", "cohort")
        .order_by("-proposed_on", "-pk")
    )


def exclusions_of(newcomer: Newcomer) -> QuerySet[Exclusion]:
    return newcomer.exclusions.select_related("buddy__person", "by").order_by("-created_at")


def notes_of(newcomer: Newcomer, buddy_ids: Iterable[int]) -> dict[int, PairNote]:
    return {
        note.buddy_id: note
        for note in PairNote.objects.filter(newcomer=newcomer, buddy_id__in=list(buddy_ids))
    }


@dataclass(frozen=True)
class OwnMatch:
    """A buddy's own match, as the buddy may see it."""

    match: Match
    shares_contact: bool  # the newcomer agreed to share their contact details with the buddy


def own_matches(user) -> list[OwnMatch]:
    """The open matches of the buddy who is ``user``; the newcomer's contact details only with
    their consent to share them with the buddy. Two queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    matches = list(
        Match.objects.filter(buddy__person__user=user, status__in=OPEN_STATUSES)
        .select_related("newcomer__person", "cohort")
        .order_by("-proposed_on")
    )
    sharing = set(
        Consent.objects.filter(
            person_id__in=[m.newcomer_id for m in matches],
            kind=Consent.Kind.SHARE_WITH_BUDDY,
            withdrawn_on__isnull=True,
        ).values_list("person_id", flat=True)
    )
    return [OwnMatch(m, m.newcomer_id in sharing) for m in matches]


# --- Coaches -------------------------------------------------------------------------------------


def matches_in_groups(groups) -> QuerySet[Match]:
    """Open matches whose newcomer takes part in one of ``groups`` (coach groups), with the date
    of their last check-in. For a coach's "my group": one query however many pairs."""
    members = Enrolment.objects.filter(
        group__in=groups, status=Enrolment.Status.ENROLLED, role=Enrolment.Role.NEWCOMER
    ).values("person_id")
    return with_last_checkin(
        Match.objects.filter(status__in=OPEN_STATUSES, newcomer_id__in=members)
        .select_related("newcomer__person", "buddy__person")
        .order_by("newcomer__person__given_names", "pk")
    )


def pairs_in_groups(groups) -> list[Match]:
    """``matches_in_groups`` with ``overdue`` set on each: no check-in since the due date (for
    the cohorts' "my group", which registers it)."""
    due = checkin_due_before()
    pairs = list(matches_in_groups(groups))
    for pair in pairs:
        pair.overdue = (pair.last_checkin or pair.started_on or pair.proposed_on) < due
    return pairs


def matches_coached_by(user) -> QuerySet[Match]:
    """The open matches in the groups ``user`` leads: what a coach may write check-ins on."""
    return matches_in_groups(groups_led_by(user))


def matches_of_buddy(user) -> QuerySet[Match]:
    """The matches in which ``user`` is the buddy: what they may log hours for."""
    if not getattr(user, "is_authenticated", False):
        return Match.objects.none()
    return Match.objects.filter(buddy__person__user=user).select_related("newcomer__person")
