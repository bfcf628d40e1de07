"""Demo data for hours: volunteer roles and a year of realistic hours for the demo volunteers."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from volunteers.models import (
    ClosedPeriod,
    HourEntry,
    HourSuggestion,
    RoleKind,
    VolunteerProfile,
    VolunteerRole,
)
from vvsite.demo_names import DUTCH_FAMILY, DUTCH_FEMALE, DUTCH_MALE, ORIGINS
from vvsite.models import Role, User, UserRole

#: role -> (number of extra demo volunteers, usual activities, hours a week on average)
EXTRA = {
    RoleKind.BUDDY: (12, ["buddy_contact"], 2.6),
    RoleKind.COACH: (4, ["coach_group", "training", "other"], 4.8),
    RoleKind.ASSISTANT_COACH: (6, ["coach_group", "training"], 2.3),
    RoleKind.EXPERT: (3, ["coach_group", "training"], 1.6),
    RoleKind.BOARD: (3, ["board"], 2.0),
    RoleKind.PRAATHUIS: (4, ["praathuis", "event"], 0.6),
}
REJECTIONS = [
    "Deze uren staan er al op (dubbel ingevoerd).",
    "Dit was geen activiteit van het programma.",
    "Klopt het aantal uren? Neem even contact op.",
]
NOTES = [
    "",
    "",
    "",
    "Samen boodschappen gedaan",
    "Koffie gedronken",
    "Voorbereiding",
    "Taalles geoefend",
]


def _extra_volunteers(rng) -> list[tuple[User, str]]:
    people = []
    for kind, (count, _activities, _weekly) in EXTRA.items():
        for _ in range(count):
            if kind == RoleKind.EXPERT:  # former newcomers
                origin = rng.choice(list(ORIGINS))
                male, female, family = ORIGINS[origin]
                first = rng.choice(rng.choice([male, female]))[0]
                last = rng.choice(family)[0]
            else:
                first = rng.choice(rng.choice([DUTCH_MALE, DUTCH_FEMALE]))
                last = rng.choice(DUTCH_FAMILY)
            people.append((f"{first} {last}", kind))
    joined = timezone.now() - timedelta(days=2 * 365)
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"vrijwilliger{n:02d}@demo.example",
            full_name=name,
            password=unusable,
            date_joined=joined,
        )
        for n, (name, _kind) in enumerate(people, start=1)
    )
    UserRole.objects.bulk_create(UserRole(user=user, role=Role.VOLUNTEER) for user in users)
    return [(user, kind) for user, (_name, kind) in zip(users, people, strict=True)]


def _hours(rng, weekly: float, per_time: float) -> Decimal:
    quarters = max(1, min(48, round(rng.gauss(per_time, per_time / 3) * 4)))
    return Decimal(quarters) / 4


def populate(*, rng, log) -> None:
    today = timezone.localdate()
    start = today - timedelta(days=365)
    people = _extra_volunteers(rng)
    for email, kind in [
        ("coach@demo.example", RoleKind.COACH),
        ("vrijwilliger@demo.example", RoleKind.BUDDY),
    ]:
        user = User.objects.filter(email=email).first()
        if user is not None:
            people.append((user, kind))

    # Months reported to the board and funders are closed: all but the last two.
    first_open = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    years = sorted({start.year, today.year})
    VolunteerRole.objects.bulk_create(
        VolunteerRole(user=user, year=year, kind=kind) for user, kind in people for year in years
    )
    VolunteerProfile.objects.bulk_create(
        VolunteerProfile(
            user=user, started_on=start - timedelta(days=180), reminders_opt_out=rng.random() < 0.1
        )
        for user, _kind in people
    )

    entries = []
    for user, kind in people:
        _count, activities, weekly = EXTRA[kind]
        per_time = {RoleKind.BOARD: 2.5, RoleKind.PRAATHUIS: 1.5}.get(kind, 2.5)
        chance = weekly * rng.uniform(0.6, 1.3) / per_time / 7  # chance of a volunteering day
        day = start
        while day <= today:
            if rng.random() < chance:
                age = (today - day).days
                status, reason = HourEntry.Status.APPROVED, ""
                if day >= first_open and (age < 10 or rng.random() < 0.4):
                    status = HourEntry.Status.SUBMITTED
                elif rng.random() < 0.02:
                    status, reason = HourEntry.Status.REJECTED, rng.choice(REJECTIONS)
                entries.append(
                    HourEntry(
                        volunteer=user,
                        date=day,
                        hours=_hours(rng, weekly, per_time),
                        activity=rng.choice(activities),
                        role_kind=kind,
                        note=rng.choice(NOTES),
                        status=status,
                        rejection_reason=reason,
                        reviewed_at=None
                        if status == HourEntry.Status.SUBMITTED
                        else timezone.now(),
                    )
                )
            day += timedelta(days=1)
    HourEntry.objects.bulk_create(entries, batch_size=1000)

    month = date(start.year, start.month, 1)
    closed = []
    while month < first_open:
        closed.append(ClosedPeriod(year=month.year, month=month.month))
        month = (month + timedelta(days=32)).replace(day=1)
    ClosedPeriod.objects.bulk_create(closed)

    coach = User.objects.filter(email="coach@demo.example").first()
    if coach is not None:
        HourSuggestion.objects.bulk_create(
            HourSuggestion(
                volunteer=coach,
                key=f"demo-session:{n}",
                date=today - timedelta(days=days),
                hours=Decimal("3"),
                activity="coach_group",
                note="Coachgroepavond",
            )
            for n, days in enumerate([1, 8])
        )
    log(f"{len(people)} volunteers with roles, {len(entries)} hour entries")
