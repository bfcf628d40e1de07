"""Every change to a person shows in their audit trail and timeline: who, when, what."""

from django.urls import reverse

from participants import services
from participants.models import Consent
from tests.participants.factories import NewcomerFactory, PersonFactory


def _detail(client, newcomer) -> str:
    return client.get(reverse("participants:newcomer_detail", args=[newcomer.pk])).content.decode()


def test_editing_personal_details_shows_who_changed_what(coordinator_client, coordinator):
    newcomer = NewcomerFactory(person=PersonFactory(phone="+31612345678", given_names="Huda"))
    data = {
        "person-given_names": "Huda",
        "person-family_name": newcomer.person.family_name,
        "person-gender": "female",
        "person-phone": "0623456789",
        "person-email": newcomer.person.email,
        "person-birth_date": "1990-05-17",
    }

    response = coordinator_client.post(
        reverse("participants:person_edit", args=[newcomer.pk]), data
    )

    assert response.status_code == 302, response.context["form"].errors
    html = _detail(coordinator_client, newcomer)
    timeline = html[html.index('data-testid="timeline"') :]
    assert "Persoonsgegevens gewijzigd" in timeline
    assert "Ingrid Coördinator" in timeline
    assert "telefoon: <del>+31612345678</del> → <ins>+31623456789</ins>" in timeline


def test_status_consent_and_assessments_show_in_the_timeline(coordinator_client, coordinator):
    newcomer = NewcomerFactory()
    services.consent_give(
        person=newcomer.person, kind=Consent.Kind.PROCESSING, method="signed_form", by=coordinator
    )
    services.newcomer_update(newcomer=newcomer, fields={"intake_date": newcomer.registered_on})
    services.newcomer_transition(newcomer=newcomer, to="intake_done", by=coordinator)
    services.health_assessment_add(
        person=newcomer.person,
        fields={
            "moment": "intake",
            **dict.fromkeys(
                (
                    "body",
                    "mind",
                    "meaning",
                    "quality_of_life",
                    "participation",
                    "daily_functioning",
                ),
                6,
            ),
        },
        by=coordinator,
    )
    consent = newcomer.person.consents.get()
    services.consent_withdraw(consent=consent, by=coordinator, note="Wil niet meer")

    timeline = _detail(coordinator_client, newcomer).split('data-testid="timeline"')[1]

    for text in (
        "Nieuwkomer: Intake gedaan",
        "Toestemming gegeven: Verwerken van persoonsgegevens",
        "Toestemming ingetrokken: Verwerken van persoonsgegevens",
        "Wil niet meer",
        "Positieve Gezondheid: Bij de intake",
        "Intakegesprek (nieuwkomer)",
    ):
        assert text in timeline, text


def test_without_consent_to_process_data_the_sensitive_intake_data_is_hidden(
    coordinator_client, coordinator
):
    newcomer = NewcomerFactory(intake_notes="Vertrouwelijk: zorgen over de gezondheid")
    services.consent_give(
        person=newcomer.person, kind=Consent.Kind.PROCESSING, method="verbal", by=coordinator
    )
    assert "Vertrouwelijk" in _detail(coordinator_client, newcomer)

    services.consent_withdraw(consent=newcomer.person.consents.get(), by=coordinator)

    html = _detail(coordinator_client, newcomer)
    assert "Vertrouwelijk" not in html
    assert 'data-testid="no-consent"' in html


def test_the_organisation_page_shows_its_audit_trail(coordinator_client, coordinator):
    from tests.participants.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Taalhuis Noord")
    services.organisation_save(
        organisation=organisation,
        fields={"notes": "Nieuwe contactpersoon sinds maart"},
        by=coordinator,
    )

    html = coordinator_client.get(
        reverse("participants:organisation_detail", args=[organisation.pk])
    ).content.decode()

    assert "Nieuwe contactpersoon sinds maart" in html.split('data-testid="history"')[1]


def test_the_timeline_names_related_records_and_codes_instead_of_keys(
    coordinator_client, coordinator
):
    from tests.participants.factories import OrganisationFactory

    newcomer = NewcomerFactory()
    referrer = OrganisationFactory(name="Taalschool Het Anker")
    services.newcomer_update(newcomer=newcomer, fields={"referrer": referrer}, by=coordinator)
    services.person_save(person=newcomer.person, fields={"languages": ["ar", "ti"]}, by=coordinator)

    timeline = _detail(coordinator_client, newcomer).split('data-testid="timeline"')[1]

    assert "verwezen door: <del>\N{EN DASH}</del> → <ins>Taalschool Het Anker</ins>" in timeline
    assert "gesproken talen: <del>Nederlands</del> → <ins>Arabisch, Tigrinya</ins>" in timeline
