"""Factories for the participants app. They write through the same rules as the services
(search text included), so what a test finds is what a coordinator would find."""

from datetime import date

import factory

from participants.models import (
    Buddy,
    Consent,
    ContactPerson,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)
from participants.services import person_prepare
from tests.factories import looked_up


def assen() -> Municipality:
    from participants.places import places_ensure

    places_ensure()
    return looked_up(Municipality, name="Assen")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    given_names = factory.Sequence(lambda n: f"Anna{n}")
    family_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = date(1990, 5, 17)
    gender = "female"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    municipality = factory.LazyFunction(assen)
    languages = factory.LazyFunction(lambda: ["nl"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        person_prepare(person)
        person.save()
        return person


class NewcomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newcomer

    person = factory.SubFactory(PersonFactory)
    country_of_origin = "SY"


class BuddyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buddy

    person = factory.SubFactory(PersonFactory)
    profession = "Docent"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Taalschool {n}")
    is_referrer = True


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="nl_NL")


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    kind = Consent.Kind.PROCESSING
    method = Consent.Method.SIGNED_FORM


def neighbourhood(name: str = "Kloosterveen") -> Neighbourhood:
    return looked_up(Neighbourhood, name=name)
