"""Demo data for matching: matches for whatever cohorts and people the earlier demo data made,
check-ins, a few ended and rematched pairs, loose matches, and enough history to pass the
programme's 200th match.

Runs after participants and cohorts (``INSTALLED_APPS`` order) and makes no assumption about
what they made: each cohort's enrolled people are paired with the real proposal
(``propose_cohort``): completed cohorts get ended matches ("programme completed"), running and
closing ones active matches with check-ins, recruiting ones none (their proposal is for the
coordinator to try). People outside cohorts get matches that fit their status. Every pair
respects the hard constraints; rows are bulk-written with their first audit-trail entry.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from matching import selectors
from matching.assignment import propose_cohort
from matching.models import OPEN_STATUSES, CheckIn, Match
from matching.scoring import explain, hard_constraint_violation
from matching.services import explanation_json
from participants import services as participant_services
from participants.models import Buddy, Newcomer
from vvsite.models import User

#: The programme celebrated its 200th match; the demo passes it.
MILESTONE = 200

#: Why a newcomer who stopped ended their match.
STOP_TO_END = {"moved": "moved", "illness": "illness", "no_click": "no_click"}


def _moment(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class _Demo:
    def __init__(self, rng, coordinator):
        self.rng = rng
        self.coordinator = coordinator
        self.today = timezone.localdate()
        self.row = selectors.current_weights()
        self.weights = self.row.as_weights()
        newcomers = Newcomer.objects.order_by("pk")
        self.newcomers = {p.id: p for p in selectors.newcomer_profiles(newcomers)}
        self.buddies = {p.id: p for p in selectors.buddy_profiles(Buddy.objects.order_by("pk"))}
        self.settings = selectors.match_settings_for(self.row, self.newcomers)
        self.status = dict(Newcomer.objects.values_list("pk", "status"))
        self.buddy_status = dict(Buddy.objects.values_list("pk", "status"))
        self.registered = dict(Newcomer.objects.values_list("pk", "registered_on"))
        self.registered.update(
            (pk, max(day, self.registered.get(pk, day)))
            for pk, day in Buddy.objects.values_list("pk", "registered_on")
        )
        self.open_newcomers = set(
            Match.objects.filter(status__in=OPEN_STATUSES).values_list("newcomer_id", flat=True)
        )
        self.open_by_buddy = Counter(
            Match.objects.filter(status__in=OPEN_STATUSES).values_list("buddy_id", flat=True)
        )
        # The last day each person's matches reach: a new one starts after it.
        self.busy_until: dict[int, date] = {}
        self.matches: list[Match] = []
        self.existing = Match.objects.count()
        self.checkins: list[CheckIn] = []

    # --- Pairs ---

    def room(self, buddy_id: int) -> int:
        return self.buddies[buddy_id].max_active_matches - self.open_by_buddy[buddy_id]

    def fits(self, newcomer_id: int, buddy_id: int) -> bool:
        if newcomer_id == buddy_id or newcomer_id not in self.newcomers:
            return False
        buddy = dataclasses.replace(self.buddies[buddy_id], active_matches=0)
        return hard_constraint_violation(self.newcomers[newcomer_id], buddy, self.settings) is None

    def propose(self, newcomer_ids, buddy_ids) -> list[tuple[int, int]]:
        newcomers = [
            self.newcomers[pk]
            for pk in newcomer_ids
            if pk in self.newcomers and pk not in self.open_newcomers
        ]
        buddies = [
            dataclasses.replace(self.buddies[pk], active_matches=self.open_by_buddy[pk])
            for pk in buddy_ids
            if pk in self.buddies
        ]
        proposal = propose_cohort(newcomers, buddies, self.weights, self.settings)
        return [(newcomers[p.newcomer].id, buddies[p.buddy].id) for p in proposal.pairs]

    def add(self, newcomer_id, buddy_id, *, start: date, status, cohort=None, end=None, reason=""):
        """One match from ``start`` (the proposal) on, after the newcomer's previous one and
        both registrations; dates stay in order and in the past."""
        floor = max(self.registered[newcomer_id], self.registered[buddy_id])
        start = min(max(start, self.busy_until.get(newcomer_id, start), floor), self.today)
        introduced = started = ended = None
        if status in (Match.Status.INTRODUCED, Match.Status.ACTIVE, Match.Status.ENDED):
            introduced = min(start + timedelta(days=self.rng.randint(5, 20)), self.today)
        if status in (Match.Status.ACTIVE, Match.Status.ENDED):
            started = min(introduced + timedelta(days=self.rng.randint(0, 14)), self.today)
        if status == Match.Status.ENDED:
            ended = min(max(end or self.today, started), self.today)
        score = explain(
            self.newcomers[newcomer_id],
            dataclasses.replace(self.buddies[buddy_id], active_matches=0),
            self.weights,
            self.settings,
        )
        match = Match(
            newcomer_id=newcomer_id,
            buddy_id=buddy_id,
            cohort=cohort,
            status=status,
            proposed_on=start,
            introduced_on=introduced,
            started_on=started,
            ended_on=ended,
            end_reason=reason if status == Match.Status.ENDED else "",
            score=score.total,
            explanation=explanation_json(score),
            created_by=self.coordinator,
            created_at=_moment(start),
        )
        match._history_date = _moment(start)
        self.matches.append(match)
        self.busy_until[newcomer_id] = (ended or self.today) + timedelta(days=1)
        if status != Match.Status.ENDED:
            self.open_newcomers.add(newcomer_id)
            self.open_by_buddy[buddy_id] += 1
        if started:
            self.check_ins(match, until=ended or self.today)
        return match

    def check_ins(self, match: Match, *, until: date) -> None:
        """Check-ins every few weeks; some pairs have gone quiet for longer than six weeks."""
        day = match.started_on + timedelta(days=self.rng.randint(14, 35))
        quiet = match.status == Match.Status.ACTIVE and self.rng.random() < 0.15
        last = until - timedelta(weeks=8) if quiet else until
        while day <= last:
            how = self.rng.choices(["good", "okay", "worry", "no_contact"], [60, 25, 10, 5])[0]
            self.checkins.append(
                CheckIn(
                    match=match,
                    on=day,
                    how=how,
                    note=self.rng.choice(NOTES[how]),
                    by=self.coordinator,
                    created_at=_moment(day, 15),
                )
            )
            day += timedelta(days=self.rng.randint(21, 42))

    def end_reason(self) -> str:
        return self.rng.choices(["no_click", "moved", "illness", "other"], [50, 25, 15, 10])[0]


NOTES = {
    "good": [
        "Wekelijks samen koffie gedronken en Nederlands geoefend.",
        "Samen naar de markt geweest; het klikt goed.",
        "Maatje heeft geholpen met een brief van de gemeente.",
        "Samen gefietst naar het bos; veel gepraat.",
    ],
    "okay": [
        "Contact loopt, maar afspraken schuiven vaak.",
        "Gaat redelijk; zoeken nog naar gezamenlijke activiteiten.",
    ],
    "worry": [
        "Nieuwkomer heeft het zwaar; maatje vraagt om overleg.",
        "Weinig klik volgens het maatje; volgende maand opnieuw bellen.",
    ],
    "no_contact": ["Al een paar weken geen afspraak gelukt.", "Telefoon wordt niet opgenomen."],
}


def populate(*, rng, log) -> None:
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    demo = _Demo(rng, coordinator)
    counts = Counter()

    # --- Cohorts, whatever the cohorts demo made ---
    enrolments = Enrolment.objects.exclude(status=Enrolment.Status.LEFT).values_list(
        "cohort_id", "person_id", "role"
    )
    members: dict[int, tuple[list, list]] = {}
    for cohort_id, person_id, role in enrolments.order_by("cohort_id", "slot", "person_id"):
        side = 0 if role == Enrolment.Role.NEWCOMER else 1
        members.setdefault(cohort_id, ([], []))[side].append(person_id)
    for cohort in Cohort.objects.filter(pk__in=list(members)).order_by("start_date", "pk"):
        newcomer_ids, buddy_ids = members[cohort.pk]
        counts[cohort.status] += _cohort_matches(demo, cohort, newcomer_ids, buddy_ids)

    # --- Outside cohorts: what the participants' statuses say ---
    _volunteer_login_match(demo)
    counts["loose"] += _loose_matches(demo)
    counts["history"] += _history(demo)

    Match.objects.bulk_create(demo.matches)
    Match.history.bulk_history_create(demo.matches, default_user=coordinator)
    CheckIn.objects.bulk_create(demo.checkins)
    for checkin in demo.checkins:
        checkin._history_date = checkin.created_at
    CheckIn.history.bulk_history_create(demo.checkins, default_user=coordinator)
    _buddy_statuses(coordinator)
    log(
        f"{len(demo.matches)} matches ({counts['loose']} loose, {counts['history']} from earlier "
        f"years), {len(demo.checkins)} check-ins"
    )


def _cohort_matches(demo: _Demo, cohort: Cohort, newcomer_ids, buddy_ids) -> int:
    if cohort.status in (Cohort.Status.PLANNED, Cohort.Status.RECRUITING):
        return 0  # their proposal is for the coordinator to try
    made = 0
    start = min(cohort.start_date + timedelta(days=14), demo.today)
    pairs = demo.propose(newcomer_ids, buddy_ids)
    completed = cohort.status == Cohort.Status.COMPLETED
    for newcomer_id, buddy_id in pairs:
        if completed:
            demo.add(
                newcomer_id,
                buddy_id,
                cohort=cohort,
                start=start,
                status=Match.Status.ENDED,
                end=cohort.end_date,
                reason="completed",
            )
        elif demo.rng.random() < 0.15:  # no click: ended, rematched below
            demo.add(
                newcomer_id,
                buddy_id,
                cohort=cohort,
                start=start,
                status=Match.Status.ENDED,
                end=start + timedelta(days=demo.rng.randint(30, 70)),
                reason=demo.end_reason(),
            )
        else:
            demo.add(newcomer_id, buddy_id, cohort=cohort, start=start, status=Match.Status.ACTIVE)
        made += 1
    if not completed:  # rematch whoever lost their buddy, with the buddies left in the cohort
        for newcomer_id, buddy_id in demo.propose(newcomer_ids, buddy_ids):
            demo.add(
                newcomer_id,
                buddy_id,
                cohort=cohort,
                start=start,
                status=demo.rng.choice(
                    [Match.Status.ACTIVE, Match.Status.ACTIVE, Match.Status.INTRODUCED]
                ),
            )
            made += 1
    return made


def _volunteer_login_match(demo: _Demo) -> None:
    """The demo volunteer is a buddy with an active match, so their pages show one."""
    buddy_id = (
        Buddy.objects.filter(person__user__email="vrijwilliger@demo.example")
        .values_list("pk", flat=True)
        .first()
    )
    if buddy_id is None or buddy_id not in demo.buddies or demo.room(buddy_id) <= 0:
        return
    if any(m.buddy_id == buddy_id and m.status == Match.Status.ACTIVE for m in demo.matches):
        return
    for status in (Newcomer.Status.ACTIVE, Newcomer.Status.PLACED, Newcomer.Status.WAITING):
        candidates = [
            pk
            for pk, s in demo.status.items()
            if s == status and pk not in demo.open_newcomers and demo.fits(pk, buddy_id)
        ]
        if candidates:
            newcomer_id = candidates[0]
            start = demo.today - timedelta(days=120)
            demo.add(newcomer_id, buddy_id, start=start, status=Match.Status.ACTIVE)
            return


def _loose_matches(demo: _Demo) -> int:
    """Newcomers whose status says they have a buddy but no cohort gave them one, and a few
    loose matches for people on the waiting list."""
    made = 0
    with_buddy = [
        pk
        for pk, s in demo.status.items()
        if s in (Newcomer.Status.ACTIVE, Newcomer.Status.PLACED) and pk not in demo.open_newcomers
    ]
    matched_buddies = [
        pk for pk, s in demo.buddy_status.items() if s == Buddy.Status.MATCHED and demo.room(pk) > 0
    ]
    for newcomer_id, buddy_id in demo.propose(with_buddy, matched_buddies):
        status = (
            Match.Status.ACTIVE
            if demo.status[newcomer_id] == Newcomer.Status.ACTIVE
            else Match.Status.INTRODUCED
        )
        start = demo.today - timedelta(days=demo.rng.randint(60, 300))
        demo.add(newcomer_id, buddy_id, start=start, status=status)
        made += 1
    waiting = [pk for pk, s in demo.status.items() if s == Newcomer.Status.WAITING][:6]
    available = [
        pk
        for pk, s in demo.buddy_status.items()
        if s == Buddy.Status.AVAILABLE and demo.room(pk) > 0
    ]
    for newcomer_id, buddy_id in demo.propose(waiting, available)[:4]:
        start = demo.today - timedelta(days=demo.rng.randint(3, 30))
        demo.add(newcomer_id, buddy_id, start=start, status=Match.Status.PROPOSED)
        made += 1
    return made


def _history(demo: _Demo) -> int:
    """Ended matches of newcomers who completed or stopped, and earlier matches that did not
    last, until the programme has passed its 200th match."""
    made = 0
    buddies = [pk for pk, s in demo.buddy_status.items() if s != Buddy.Status.REGISTERED]
    finished = [
        pk
        for pk, s in demo.status.items()
        if s in (Newcomer.Status.COMPLETED, Newcomer.Status.STOPPED)
    ]
    for newcomer_id in finished:
        if any(m.newcomer_id == newcomer_id for m in demo.matches):
            continue
        buddy_id = _some_buddy(demo, newcomer_id, buddies)
        if buddy_id is None:
            continue
        start = demo.registered[newcomer_id] + timedelta(days=demo.rng.randint(40, 90))
        completed = demo.status[newcomer_id] == Newcomer.Status.COMPLETED
        stop_reason = Newcomer.objects.filter(pk=newcomer_id).values_list("stop_reason", flat=True)[
            0
        ]
        demo.add(
            newcomer_id,
            buddy_id,
            start=start,
            status=Match.Status.ENDED,
            end=start + timedelta(days=demo.rng.randint(150, 400) if completed else 60),
            reason="completed" if completed else STOP_TO_END.get(stop_reason, "other"),
        )
        made += 1
    # Earlier matches that did not last, before each newcomer's first one here.
    earlier = [
        pk
        for pk, s in demo.status.items()
        if s
        in (
            Newcomer.Status.ACTIVE,
            Newcomer.Status.PLACED,
            Newcomer.Status.COMPLETED,
            Newcomer.Status.STOPPED,
        )
    ]
    rounds = 0
    while _total(demo) <= MILESTONE + 10 and rounds < 8:
        rounds += 1
        for newcomer_id in earlier:
            if _total(demo) > MILESTONE + 10:
                break
            first = min(
                (m.proposed_on for m in demo.matches if m.newcomer_id == newcomer_id),
                default=demo.today,
            )
            window = (first - demo.registered[newcomer_id]).days - 45
            if window < 20:
                continue
            start = demo.registered[newcomer_id] + timedelta(days=demo.rng.randint(0, window - 20))
            buddy_id = _some_buddy(demo, newcomer_id, buddies, registered_by=start)
            if buddy_id is None:
                continue
            later = demo.busy_until.pop(newcomer_id, None)
            match = demo.add(
                newcomer_id,
                buddy_id,
                start=start,
                status=Match.Status.ENDED,
                end=start + timedelta(days=demo.rng.randint(20, 40)),
                reason=demo.end_reason(),
            )
            if later is not None:
                demo.busy_until[newcomer_id] = later
            if match.ended_on >= first:  # never overlapping the later match
                demo.matches.pop()
                demo.checkins = [c for c in demo.checkins if c.match is not match]
                continue
            made += 1
    return made


def _total(demo: _Demo) -> int:
    return len(demo.matches) + demo.existing


def _some_buddy(demo: _Demo, newcomer_id: int, buddies: list[int], registered_by=None):
    """A buddy who may be paired with the newcomer (and was registered by then)."""
    for _attempt in range(30):
        buddy_id = demo.rng.choice(buddies)
        if registered_by and demo.registered[buddy_id] > registered_by:
            continue
        if demo.fits(newcomer_id, buddy_id):
            return buddy_id
    return None


def _buddy_statuses(coordinator) -> None:
    """A buddy with an active match is matched; a matched buddy without one is available."""
    active = set(
        Match.objects.filter(status=Match.Status.ACTIVE)
        .values_list("buddy_id", flat=True)
        .distinct()
    )
    for buddy in Buddy.objects.filter(pk__in=active, status=Buddy.Status.AVAILABLE):
        participant_services.buddy_transition(
            buddy=buddy, to=Buddy.Status.MATCHED, by=coordinator, note="Koppeling actief"
        )
    for buddy in Buddy.objects.filter(status=Buddy.Status.MATCHED).exclude(pk__in=active):
        if buddy.vog_received_on and buddy.intake_date:
            participant_services.buddy_transition(
                buddy=buddy,
                to=Buddy.Status.AVAILABLE,
                by=coordinator,
                note="Geen actieve koppeling",
            )
