"""The programmes a cohort can follow, each with its default duration, capacity and session plan.

A data migration puts them in every database; the demo data and browser tests call
``programmes_ensure`` too, because a test that empties the database takes migration data with it.
Coordinators change them afterwards on the programme pages.
"""

from __future__ import annotations

from datetime import time

from cohorts.models import PlannedSession, Programme

# (kind, title, audience, anchor, week, weekday, start, end, repeat every n weeks, per group)
# weekday: 0 = Monday. Week 1 is the week a cohort starts; from the end, week 0 is its last week.
_KICK_OFF = ("meeting_day", "Kick-off", "everyone", "start", 1, 5, time(10), time(14), None, False)
_BUDDY_TRAINING = (
    "training",
    "Maatjestraining",
    "buddies",
    "start",
    1,
    3,
    time(19),
    time(21, 30),
    None,
    False,
)
_CULTURE_TRAINING = (
    "culture_training",
    "Cultuurtraining",
    "newcomers",
    "start",
    2,
    3,
    time(13, 30),
    time(16),
    None,
    False,
)
_EVENINGS = (
    "coach_group",
    "Coachgroepavond",
    "everyone",
    "start",
    3,
    1,
    time(19),
    time(21),
    2,
    True,
)
_CLOSING = (
    "closing",
    "Uitreiking certificaten",
    "everyone",
    "end",
    0,
    4,
    time(15),
    time(18),
    None,
    False,
)


def _meeting_day(week: int):
    return (
        "meeting_day",
        "Ontmoetingsdag",
        "everyone",
        "start",
        week,
        5,
        time(10),
        time(15),
        None,
        False,
    )


def _reunion(weeks_after: int):
    return ("reunion", "Reünie", "everyone", "end", weeks_after, 5, time(14), time(17), None, False)


PROGRAMMES = [
    {
        "name": "Maatjesprogramma 18 maanden",
        "kind": "classic",
        "duration_weeks": 78,
        "description": "Het klassieke programma: anderhalf jaar maatjescontact, elke twee weken "
        "een coachgroepavond, ontmoetingsdagen en een feestelijke uitreiking.",
        "plan": [
            _KICK_OFF,
            _BUDDY_TRAINING,
            _CULTURE_TRAINING,
            _EVENINGS,
            _meeting_day(26),
            _meeting_day(52),
            _CLOSING,
            _reunion(26),
        ],
    },
    {
        "name": "Maatjesprogramma 6 maanden",
        "kind": "six_months",
        "duration_weeks": 26,
        "description": "Het kortere programma (sinds de pilot van 2024): een half jaar, elke "
        "twee weken een coachgroepavond.",
        "plan": [
            _KICK_OFF,
            _BUDDY_TRAINING,
            _CULTURE_TRAINING,
            _EVENINGS,
            _meeting_day(13),
            _CLOSING,
            _reunion(13),
        ],
    },
    {
        "name": "VARIIS-groep 6 weken",
        "kind": "short_group",
        "duration_weeks": 6,
        "description": "Een groep van hoogstens 15 nieuwkomers die zes weken lang één keer per "
        "week bij elkaar komt, afgesloten met een certificaat.",
        "plan": [
            (
                "coach_group",
                "Groepsbijeenkomst",
                "everyone",
                "start",
                1,
                2,
                time(10),
                time(12, 30),
                1,
                True,
            ),
            _CLOSING,
        ],
    },
    {
        "name": "Bartjes Doorbreken Bubbels",
        "kind": "project",
        "duration_weeks": 52,
        "description": "Project met taalhuizen en gemeenten in Drenthe: trainingen en "
        "activiteiten naast de inburgering.",
        "plan": [
            _KICK_OFF,
            (
                "training",
                "Training",
                "everyone",
                "start",
                2,
                3,
                time(13, 30),
                time(16),
                None,
                False,
            ),
            _EVENINGS,
            _meeting_day(26),
            _CLOSING,
        ],
    },
]

#: A plan line's fields, in the order the lines above give them.
PLAN_FIELDS = (
    "kind",
    "title",
    "audience",
    "anchor",
    "week",
    "weekday",
    "start_time",
    "end_time",
    "repeat_every_weeks",
    "per_group",
)


def programmes_ensure(programme_model=None, plan_model=None) -> None:
    """Create the programmes that are missing, with their plan; the models may be a migration's
    historical ones. Programmes that exist are left as the coordinators made them."""
    if programme_model is None:
        programme_model, plan_model = Programme, PlannedSession
    existing = set(
        programme_model.objects.filter(
            name__in=[values["name"] for values in PROGRAMMES]
        ).values_list("name", flat=True)
    )
    missing = [values for values in PROGRAMMES if values["name"] not in existing]
    programmes = programme_model.objects.bulk_create(
        programme_model(**{key: value for key, value in values.items() if key != "plan"})
        for values in missing
    )
    plan_model.objects.bulk_create(
        plan_model(
            programme=programme,
            position=position,
            **dict(zip(PLAN_FIELDS, line, strict=True)),
        )
        for programme, values in zip(programmes, missing, strict=True)
        for position, line in enumerate(values["plan"], start=1)
    )
