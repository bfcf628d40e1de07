import datetime
from datetime import date, time, timedelta

import factory
from django.utils import timezone

from cohorts.certificates import CertificateData
from cohorts.models import CoachGroup, Cohort, Enrolment, Programme, Session, SessionLeader
from cohorts.scheduling import local_moment
from participants.models import Buddy, Newcomer, Person
from tests.factories import LookedUpFactory, UserFactory
from tests.participants.factories import BuddyFactory, NewcomerFactory, PersonFactory, assen
from vvsite.models import Role


class ProgrammeFactory(LookedUpFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("name",)

    name = "Zes maanden"
    kind = Programme.Kind.SIX_MONTHS
    duration_weeks = 26


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    number = factory.Sequence(lambda n: 100 + n)
    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.LazyFunction(assen)
    start_date = datetime.date(2026, 9, 1)
    end_date = datetime.date(2027, 3, 1)
    status = Cohort.Status.RECRUITING


def waiting_newcomer(**kwargs) -> Newcomer:
    return NewcomerFactory(status=Newcomer.Status.WAITING, **kwargs)


def available_buddy(**kwargs) -> Buddy:
    return BuddyFactory(status=Buddy.Status.AVAILABLE, **kwargs)


class CoachGroupFactory(factory.django.DjangoModelFactory):
    """A group with a coach (a person with a login holding the coach role)."""

    class Meta:
        model = CoachGroup

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Groep {n}")
    coach = factory.LazyFunction(lambda: leader())


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    kind = Session.Kind.COACH_GROUP
    title = "Coachgroepavond"
    starts_at = factory.LazyFunction(lambda: local_moment(timezone.localdate(), time(19)))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + timedelta(hours=2))
    location = ""


def leader(*, roles=(Role.COACH,), **fields) -> Person:
    """A volunteer who can lead a group: a person with a login."""
    user = UserFactory(roles=list(roles))
    return PersonFactory(user=user, email=user.email, **fields)


def group_session(group: CoachGroup, **fields) -> Session:
    """A session of ``group``, led by its leaders, as the services make it."""
    session = SessionFactory(cohort=group.cohort, group=group, **fields)
    SessionLeader.objects.bulk_create(
        SessionLeader(session=session, person=person, role=role) for role, person in group.leaders()
    )
    return session


def enrol(cohort: Cohort, *, role: str = Enrolment.Role.NEWCOMER, group=None) -> Enrolment:
    """A participant of ``cohort`` placed through the service (and put in ``group``)."""
    from cohorts.services.enrolment import enrolment_add

    profile = waiting_newcomer() if role == Enrolment.Role.NEWCOMER else available_buddy()
    enrolment = enrolment_add(cohort=cohort, person=profile.person, role=role)
    if group is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(group=group)
        enrolment.group = group
    return enrolment


# --- Invented certificate data (no real people) ----------------------------------------------

NOTES = {
    "language": "Spreekt nu met vertrouwen Nederlands bij de huisarts en op school.",
    "culture": "Bezocht samen met het maatje de markt en een voorstelling in het theater.",
    "social_contacts": "Heeft een vaste groep vrienden uit de coachgroep.",
    "health": "Wandelt wekelijks mee met de wandelgroep en voelt zich fitter.",
    "work": "Loopt stage bij een kinderdagverblijf en wil de opleiding gaan volgen.",
}

#: Invented names: one Latin only, one in Arabic script, one in Ethiopic script.
LATIN = ("Lotte Verhoeven", "", "")
ARABIC = ("Nour Haddad", "نور حداد", "ar")
ETHIOPIC = ("Saba Tesfaye", "ሳባ ተስፋየ", "ti")


def certificate_data(names=LATIN, **fields) -> CertificateData:
    latin, native, language = names
    values = {
        "full_name_latin": latin,
        "full_name_native": native,
        "native_language": language,
        "role": "newcomer",
        "cohort_number": 14,
        "cohort_name": "Voorjaar 2025",
        "programme": "Maatjesprogramma 18 maanden",
        "start": date(2024, 3, 1),
        "end": date(2025, 8, 31),
        "growth_notes": NOTES,
        "coordinator_name": "Coördinator Voorbeeld",
        "organisation_name": "Stichting Voorbeeld Maatjes",
    }
    return CertificateData(**{**values, **fields})


def cohort_data(size=3) -> list[CertificateData]:
    """A cohort: the three scripts first, then Latin-only names."""
    people = [LATIN, ARABIC, ETHIOPIC]
    people += [(f"Deelnemer {n}", "", "") for n in range(len(people) + 1, size + 1)]
    return [certificate_data(names) for names in people[:size]]
