"""Demo data for intake: ~150 newcomers and ~150 buddies across statuses and municipalities,
referral organisations, consents, assessments and the status history that led where they are.

Everything is invented (names from ``vvsite.demo_names``) and reproducible from the seed. Rows are
written with ``bulk_create`` and their first audit-trail entry with ``bulk_history_create``, so the
whole set loads in a second or two.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from participants.models import (
    Buddy,
    Consent,
    ContactPerson,
    Evaluation,
    HealthAssessment,
    Municipality,
    Newcomer,
    Organisation,
    Person,
    RecruitmentChannel,
    StatusChange,
)
from participants.places import places_ensure
from participants.search import normalise
from participants.services import person_prepare
from participants.vocab import DayPart, Interest, Sector
from vvsite import demo_names
from vvsite.models import User

NEWCOMERS = 150
BUDDIES = 150

ORGANISATIONS = [
    # name, referrer, funder, partner, municipality
    ("Werk & Inkomen Drenthe-Midden", True, True, False, "Assen"),
    ("Stichting Vluchtelingensteun Noord", True, False, True, "Assen"),
    ("Taalcentrum De Brug", True, False, True, "Assen"),
    ("Opvanglocatie Assen-Zuid", True, False, False, "Assen"),
    ("Welzijn Midden-Drenthe", True, False, True, "Midden-Drenthe"),
    ("Huis van Taal Tynaarlo", True, False, False, "Tynaarlo"),
    ("Fonds Samenleven Drenthe", False, True, False, None),
    ("Stichting Noorderlicht", False, True, False, None),
    ("Bibliotheek Brink & Boek", False, False, True, "Assen"),
]

#: Languages a newcomer from a country typically speaks.
ORIGIN_LANGUAGES = {
    "SY": ["ar", "apc"],
    "ER": ["ti"],
    "AF": ["prs", "ps"],
    "TR": ["tr", "ku"],
    "YE": ["ar"],
    "IR": ["fa"],
    "UA": ["uk", "ru"],
}

PROFESSIONS = [
    ("Verpleegkundige", "care"),
    ("Leraar basisonderwijs", "education"),
    ("Software-ontwikkelaar", "technology"),
    ("Elektricien", "engineering"),
    ("Timmerman", "construction"),
    ("Vrachtwagenchauffeur", "logistics"),
    ("Kok", "hospitality"),
    ("Winkelmedewerker", "retail"),
    ("Melkveehouder", "agriculture"),
    ("Boekhouder", "finance"),
    ("Beleidsmedewerker gemeente", "government"),
    ("Advocaat", "legal"),
    ("Grafisch ontwerper", "creative"),
    ("Ondernemer", "business"),
    ("Maatschappelijk werker", "social"),
    ("Gepensioneerd docent", "education"),
    ("Student", "education"),
    ("Fysiotherapeut", "care"),
]

STREETS = ["Kerkstraat", "Molenweg", "Brink", "Vaart", "Lindelaan", "Esweg", "Torenlaan"]

MUNICIPALITY_WEIGHTS = {
    "Assen": 60,
    "Midden-Drenthe": 12,
    "Tynaarlo": 12,
    "Noordenveld": 8,
    "Aa en Hunze": 8,
}

NEWCOMER_STATUSES = [
    ("registered", 18),
    ("intake_done", 14),
    ("waiting", 30),
    ("placed", 14),
    ("active", 40),
    ("completed", 24),
    ("stopped", 10),
]
NEWCOMER_PATH = ["registered", "intake_done", "waiting", "placed", "active", "completed"]

BUDDY_STATUSES = [
    ("registered", 14),
    ("intake_done", 16),
    ("available", 35),
    ("matched", 60),
    ("inactive", 25),
]
BUDDY_PATH = ["registered", "intake_done", "available", "matched"]

GOALS = {
    "goal_language": [
        "Het B1-examen halen",
        "Zelf naar de huisarts kunnen bellen",
        "Meer Nederlands spreken buiten de les",
    ],
    "goal_culture": [
        "Begrijpen hoe verjaardagen en feestdagen hier gaan",
        "Weten hoe de school van de kinderen werkt",
    ],
    "goal_social_contacts": [
        "Buren leren kennen",
        "Lid worden van een sportclub",
        "Vrienden maken buiten de eigen taalgroep",
    ],
    "goal_health": ["Meer bewegen", "Beter slapen en minder piekeren"],
    "goal_work": [
        "Een stage in de zorg vinden",
        "Het diploma laten waarderen",
        "Een eigen bedrijf starten",
        "Een opleiding in de techniek volgen",
    ],
}


def _email(given: str, family: str, index: int) -> str:
    local = normalise(f"{given}.{family}").replace(" ", "").replace("'", "")
    return f"{local.encode('ascii', 'ignore').decode()}{index}@example.org"


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def populate(*, rng, log) -> None:
    places_ensure()
    today = timezone.localdate()
    coordinator = User.objects.filter(email="coordinator@demo.example").first()
    municipalities = {m.name: m for m in Municipality.objects.prefetch_related("neighbourhoods")}
    hoods = {name: list(m.neighbourhoods.all()) for name, m in municipalities.items()}

    referrers = _organisations(rng, municipalities)

    def place(person: Person) -> None:
        name = _weighted(rng, MUNICIPALITY_WEIGHTS.items())
        person.municipality = municipalities[name]
        person.neighbourhood = rng.choice(hoods[name])
        person.place = "Assen" if name == "Assen" else person.neighbourhood.name
        letters = "".join(rng.choices("ABCEGHJKLMNPRTVWXZ", k=2))
        person.postcode = f"{rng.randint(9400, 9499)} {letters}"
        person.street = f"{rng.choice(STREETS)} {rng.randint(1, 140)}"

    def common(person: Person, languages: list[str]) -> None:
        person.languages = languages
        person.interests = rng.sample(Interest.values, rng.randint(2, 4))
        person.availability = rng.sample(DayPart.values, rng.randint(1, 3))
        person.phone = f"+316{rng.randint(10000000, 99999999)}"
        place(person)

    # --- Newcomers --------------------------------------------------------------------------------
    newcomer_people, newcomer_profiles = [], []
    origins = list(demo_names.ORIGIN_WEIGHTS.items())
    for index in range(NEWCOMERS):
        country = _weighted(rng, origins)
        male, female, family = demo_names.ORIGINS[country]
        gender = rng.choice(["female", "male"])
        given = rng.choice(female if gender == "female" else male)
        surname = rng.choice(family)
        status = _weighted(rng, NEWCOMER_STATUSES)
        depth = NEWCOMER_PATH.index(status) if status in NEWCOMER_PATH else rng.randint(0, 4)
        registered = today - timedelta(days=rng.randint(10 + 60 * depth, 120 + 150 * depth))
        person = Person(
            given_names=given[0],
            family_name=surname[0],
            native_name=f"{given[1]} {surname[1]}" if given[1] else "",
            birth_date=today - timedelta(days=rng.randint(18 * 365, 62 * 365)),
            gender=gender,
            email=_email(given[0], surname[0], index),
            registered_on=registered,
        )
        common(person, [*ORIGIN_LANGUAGES[country], *(["en"] if rng.random() < 0.3 else [])])
        arrival = registered - relativedelta(months=rng.randint(2, 48))
        months = (registered.year - arrival.year) * 12 + registered.month - arrival.month
        newcomer = Newcomer(
            person=person,
            status=status,
            registered_on=registered,
            priority=_weighted(rng, [(1, 15), (2, 75), (3, 10)]),
            referrer=rng.choice(referrers) if rng.random() < 0.85 else None,
            country_of_origin=country,
            arrival_date=arrival,
            status_changed_at=_moment(registered),
        )
        if status != "registered":
            _newcomer_intake(rng, newcomer, months, coordinator, today)
        if status == "stopped":
            newcomer.stop_reason = rng.choice(Newcomer.StopReason.values)
        newcomer_people.append(person)
        newcomer_profiles.append(newcomer)

    # --- Buddies (a few are former newcomers: one person, two roles) ------------------------------
    buddy_people, buddy_profiles = [], []
    former = [n for n in newcomer_profiles if n.status == "completed"][:5]
    for index in range(BUDDIES):
        status = _weighted(rng, BUDDY_STATUSES)
        depth = BUDDY_PATH.index(status) if status in BUDDY_PATH else 3
        registered = today - timedelta(days=rng.randint(7 + 45 * depth, 60 + 200 * depth))
        if index < len(former):
            person = former[index].person
            status, registered = "available", today - timedelta(days=rng.randint(10, 60))
        else:
            gender = rng.choice(["female", "male"])
            given = rng.choice(
                demo_names.DUTCH_FEMALE if gender == "female" else demo_names.DUTCH_MALE
            )
            surname = rng.choice(demo_names.DUTCH_FAMILY)
            person = Person(
                given_names=given,
                family_name=surname,
                birth_date=today - timedelta(days=rng.randint(19 * 365, 75 * 365)),
                gender=gender,
                email=_email(given, surname, index),
                registered_on=registered,
            )
            common(person, ["nl", *rng.sample(["en", "de", "fr", "es", "fy"], rng.randint(0, 2))])
            buddy_people.append(person)
        profession, sector = rng.choice(PROFESSIONS)
        buddy = Buddy(
            person=person,
            status=status,
            registered_on=registered,
            source=rng.choice(["coordinator", "coordinator", "public_form"]),
            profession=profession,
            expertise_sectors=[
                sector,
                *([rng.choice(Sector.values)] if rng.random() < 0.3 else []),
            ],
            recruitment_channel=rng.choice(RecruitmentChannel.values),
            motivation="Ik wil iets betekenen voor iemand die hier opnieuw moet beginnen.",
            max_active_matches=2 if rng.random() < 0.1 else 1,
            has_children=index % 3 == 0,  # not from rng: keeps the rest of the demo as it was
            status_changed_at=_moment(registered),
        )
        if status != "registered":
            buddy.intake_date = min(registered + timedelta(days=rng.randint(5, 25)), today)
            buddy.intake_by = coordinator
            buddy.vog_requested_on = buddy.intake_date
            if status != "intake_done" or rng.random() < 0.3:
                buddy.vog_received_on = min(
                    buddy.intake_date + timedelta(days=rng.randint(7, 28)), today
                )
            if status in ("available", "matched", "inactive"):
                buddy.training_completed_on = buddy.vog_received_on
        buddy_profiles.append(buddy)

    people = _save_people(newcomer_people + buddy_people + _demo_logins(rng, common), coordinator)
    _link_demo_logins(people, buddy_profiles, rng, coordinator, today)
    Newcomer.objects.bulk_create(newcomer_profiles)
    Buddy.objects.bulk_create(buddy_profiles)
    for profile in [*newcomer_profiles, *buddy_profiles]:
        profile._history_date = _moment(profile.registered_on)
    Newcomer.history.bulk_history_create(newcomer_profiles, default_user=coordinator)
    Buddy.history.bulk_history_create(buddy_profiles, default_user=coordinator)

    _status_history(rng, newcomer_profiles, buddy_profiles, coordinator, today)
    _consents_and_assessments(rng, newcomer_profiles, buddy_profiles, coordinator, today)
    log(
        f"{len(newcomer_profiles)} newcomers, {len(buddy_profiles)} buddies, "
        f"{len(referrers)} referrers"
    )


def _organisations(rng, municipalities) -> list[Organisation]:
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=name,
            is_referrer=referrer,
            is_funder=funder,
            is_partner=partner,
            municipality=municipalities.get(place) if place else None,
            email=f"info@{name.lower().split()[-1].replace('&', '')}.example",
        )
        for name, referrer, funder, partner, place in ORGANISATIONS
    )
    contacts = []
    for organisation in organisations:
        for _ in range(rng.randint(1, 2)):
            given = rng.choice(demo_names.DUTCH_FEMALE + demo_names.DUTCH_MALE)
            contacts.append(
                ContactPerson(
                    organisation=organisation,
                    name=f"{given} {rng.choice(demo_names.DUTCH_FAMILY)}",
                    function=rng.choice(
                        ["Klantmanager", "Maatschappelijk begeleider", "Docent", "Coördinator"]
                    ),
                    email=f"{given.lower()}@{organisation.email.split('@')[1]}",
                )
            )
    ContactPerson.objects.bulk_create(contacts)
    return [organisation for organisation in organisations if organisation.is_referrer]


def _newcomer_intake(rng, newcomer: Newcomer, months: int, coordinator, today) -> None:
    newcomer.intake_date = min(newcomer.registered_on + timedelta(days=rng.randint(5, 30)), today)
    newcomer.intake_by = coordinator
    newcomer.target_group = (
        "civic_integration"
        if months < 18
        else _weighted(
            rng, [("longer", 70), ("asylum_centre", 10), ("relationship", 12), ("labour", 8)]
        )
    )
    newcomer.dutch_level = _weighted(
        rng, [("A0", 15), ("A1", 30), ("A2", 30), ("B1", 18), ("B2", 6), ("C1", 1)]
    )
    newcomer.has_partner = rng.random() < 0.55
    newcomer.children_ages = sorted(
        rng.randint(0, 17) for _ in range(rng.choice([0, 0, 1, 2, 3, 4]))
    )
    newcomer.education = rng.choice(
        ["none", "primary", "secondary", "vocational", "higher_vocational", "university"]
    )
    newcomer.work_sector = rng.choice(Sector.values)
    for name, options in GOALS.items():
        setattr(newcomer, name, rng.choice(options))
    newcomer.participation_step = rng.randint(1, 4)
    newcomer.buddy_gender_preference = (
        "female" if newcomer.person.gender == "female" and rng.random() < 0.4 else "any"
    )
    newcomer.intake_notes = "Open gesprek; heeft er zin in."


def _save_people(people: list[Person], coordinator) -> list[Person]:
    for person in people:
        person_prepare(person)
        person._history_date = _moment(person.registered_on, 9)
    created = Person.objects.bulk_create(people)
    Person.history.bulk_history_create(created, default_user=coordinator)
    return created


def _demo_logins(rng, common) -> list[Person]:
    """Person records for the demo coach and volunteer logins."""
    people = []
    for email, given, family, gender in (
        ("coach@demo.example", "Sander", "Veenstra", "male"),
        ("vrijwilliger@demo.example", "Marieke", "Dijkstra", "female"),
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        person = Person(
            given_names=given,
            family_name=family,
            gender=gender,
            email=email,
            user=user,
            birth_date=date(1968 if gender == "male" else 1985, 3, 14),
            registered_on=timezone.localdate() - timedelta(days=900),
        )
        common(person, ["nl", "en"])
        people.append(person)
    return people


def _link_demo_logins(people, buddy_profiles, rng, coordinator, today) -> None:
    for person in people:
        if person.user_id is None:
            continue
        coach = person.email.startswith("coach@")
        buddy_profiles.append(
            Buddy(
                person=person,
                status="inactive" if coach else "matched",
                registered_on=person.registered_on,
                profession="Gepensioneerd docent" if coach else "Verpleegkundige",
                expertise_sectors=["education"] if coach else ["care"],
                recruitment_channel="word_of_mouth",
                motivation="Samen optrekken met iemand die hier nieuw is.",
                intake_date=person.registered_on + timedelta(days=10),
                intake_by=coordinator,
                vog_requested_on=person.registered_on + timedelta(days=10),
                vog_received_on=person.registered_on + timedelta(days=30),
                training_completed_on=person.registered_on + timedelta(days=45),
                preferences="Nu coach van een coachgroep." if coach else "",
                status_changed_at=_moment(person.registered_on + timedelta(days=60)),
            )
        )


def _path(status: str, path: list[str]) -> list[str]:
    if status in path:
        return path[: path.index(status) + 1]
    return [*path[:3], status]  # stopped or inactive after a few steps


def _status_history(rng, newcomers, buddies, coordinator, today) -> None:
    changes = []
    for profiles, path, kind in (
        (newcomers, NEWCOMER_PATH, "newcomer"),
        (buddies, BUDDY_PATH, "buddy"),
    ):
        for profile in profiles:
            steps = _path(profile.status, path)
            if profile.status in ("stopped", "inactive"):
                steps = [*steps[: rng.randint(1, len(steps) - 1)], profile.status]
            day = profile.registered_on
            previous = ""
            for step in steps:
                at = _moment(day, rng.randint(9, 16))
                changes.append(
                    StatusChange(
                        person_id=profile.pk,
                        profile=kind,
                        from_status=previous,
                        to_status=step,
                        reason=getattr(profile, "stop_reason", "") if step == "stopped" else "",
                        at=at,
                        by=coordinator,
                    )
                )
                previous = step
                profile.status_changed_at = at
                day = min(day + timedelta(days=rng.randint(7, 90)), today)
    StatusChange.objects.bulk_create(changes)
    Newcomer.objects.bulk_update(newcomers, ["status_changed_at"], batch_size=500)
    Buddy.objects.bulk_update(buddies, ["status_changed_at"], batch_size=500)


def _consents_and_assessments(rng, newcomers, buddies, coordinator, today) -> None:
    consents, assessments, evaluations = [], [], []
    consented = set()
    for profile in [*newcomers, *buddies]:
        if profile.intake_date is None or profile.pk in consented:
            continue
        consented.add(profile.pk)
        kinds = ["processing"] + [k for k in ("share_with_buddy", "photos") if rng.random() < 0.7]
        for kind in kinds:
            consents.append(
                Consent(
                    person_id=profile.pk,
                    kind=kind,
                    method="signed_form",
                    given_on=profile.intake_date,
                    recorded_by=coordinator,
                    recorded_at=_moment(profile.intake_date),
                )
            )
    for newcomer in newcomers:
        if newcomer.intake_date is None:
            continue
        base = {
            name: rng.randint(3, 8)
            for name in (
                "body",
                "mind",
                "meaning",
                "quality_of_life",
                "participation",
                "daily_functioning",
            )
        }
        assessments.append(
            HealthAssessment(
                person_id=newcomer.pk,
                moment="intake",
                assessed_on=newcomer.intake_date,
                recorded_by=coordinator,
                **base,
            )
        )
        if newcomer.status == "completed":
            end_day = min(newcomer.intake_date + timedelta(days=500), today)
            assessments.append(
                HealthAssessment(
                    person_id=newcomer.pk,
                    moment="end",
                    assessed_on=end_day,
                    recorded_by=coordinator,
                    **{name: min(10, score + rng.randint(0, 3)) for name, score in base.items()},
                )
            )
            evaluations.append(
                Evaluation(
                    person_id=newcomer.pk,
                    evaluated_on=end_day,
                    dutch_improved=_weighted(rng, [(3, 2), (4, 5), (5, 3)]),
                    culture_learned=rng.randint(3, 5),
                    more_contacts=rng.randint(2, 5),
                    more_confident=rng.randint(3, 5),
                    closer_to_work=rng.randint(2, 5),
                    participation_step=min(
                        6, (newcomer.participation_step or 2) + rng.randint(0, 2)
                    ),
                    went_well="De wekelijkse afspraken met mijn maatje.",
                    could_improve="Meer activiteiten in de zomer.",
                    recorded_by=coordinator,
                )
            )
    Consent.objects.bulk_create(consents)
    HealthAssessment.objects.bulk_create(assessments)
    Evaluation.objects.bulk_create(evaluations)
