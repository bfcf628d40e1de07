"""In a real browser: a coordinator takes a newcomer from registration through intake to the
waiting list, and a prospective buddy signs up on the public form and is taken to "available".
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from participants.models import Buddy, Newcomer
from participants.places import places_ensure
from tests.e2e.helpers import DESKTOP, PHONE, go_to, log_in
from tests.factories import UserFactory
from vvsite.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coordinator(db):
    places_ensure()
    return UserFactory(roles=[Role.COORDINATOR], email="coordinator@example.org")


def test_a_coordinator_takes_a_newcomer_from_registration_to_the_waiting_list(
    page: Page, live_server, coordinator
):
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, coordinator.email)
    go_to(page, "Nieuwkomers", section="Deelnemers")
    page.get_by_role("link", name="Nieuwkomer aanmelden").click()

    _register_with_a_bad_postcode_first(page)
    _record_the_intake(page)
    _put_on_the_waiting_list(page)

    newcomer = Newcomer.objects.get()
    assert newcomer.status == "waiting"
    assert newcomer.children_ages == [3, 8]
    assert newcomer.person.health_assessments.count() == 1

    # Found by search in Arabic script, without the marks.
    go_to(page, "Nieuwkomers", section="Deelnemers")
    page.get_by_role("searchbox", name="Zoeken").fill("رانيا")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_test_id("people")).to_contain_text("رانيا خوري")


def _register_with_a_bad_postcode_first(page: Page) -> None:
    """Registration: a name in Arabic script too, and a bad postcode first."""
    page.get_by_label("Voornamen").fill("Rania")
    page.get_by_label("Achternaam").fill("Khoury")
    page.get_by_label("Naam in eigen schrift").fill("رانيا خوري")
    page.get_by_label("Geboortedatum").fill("1991-02-14")
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("Telefoon").fill("06 23456789")
    page.get_by_label("Postcode").fill("94O1 AB")
    page.get_by_label("Gemeente", exact=True).select_option(label="Assen")
    page.get_by_label("Land van herkomst").select_option("SY")
    page.get_by_role("button", name="Aanmelden").click()
    postcode = page.get_by_label("Postcode")
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_person-postcode_error")).to_contain_text("Nederlandse postcode")

    postcode.fill("9401ab")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("De nieuwkomer is aangemeld.")).to_be_visible()
    expect(page.get_by_test_id("native-name")).to_have_text("رانيا خوري")
    expect(page.get_by_test_id("no-consent")).to_be_visible()


def _record_the_intake(page: Page) -> None:
    """The intake conversation, with all six Positive Health scores."""
    page.get_by_role("link", name="Intake nieuwkomer").click()
    page.get_by_label("Aankomst in de gemeente").fill("2025-08-01")
    page.get_by_label("Doelgroep").select_option("civic_integration")
    page.get_by_label("Niveau Nederlands").select_option("A2")
    page.get_by_label("Arabisch", exact=True).check()
    page.get_by_label("Leeftijden van de kinderen").fill("3, 8")
    page.get_by_label("Sector van het werk- of studiedoel").select_option("care")
    page.get_by_label("Doel: werk, stage of studie").fill("Een stage in de zorg vinden")
    page.get_by_label("Maatje bij voorkeur").select_option("female")
    for dimension, score in (
        ("Lichaamsfuncties", "6"),
        ("Mentaal welbevinden", "5"),
        ("Zingeving", "7"),
        ("Kwaliteit van leven", "6"),
        ("Meedoen", "4"),
        ("Dagelijks functioneren", "8"),
    ):
        page.get_by_label(dimension).fill(score)
    page.get_by_label("Verwerken van persoonsgegevens").check()
    page.get_by_label("Notities van het intakegesprek").fill("Zoekt contact met andere moeders.")
    page.get_by_role("button", name="Intake opslaan").click()

    expect(page.get_by_text("De intake is vastgelegd.")).to_be_visible()
    expect(page.locator("[data-status=intake_done]").first).to_be_visible()
    expect(page.get_by_test_id("civic-integration")).to_be_visible()


def _put_on_the_waiting_list(page: Page) -> None:
    """On to the waiting list, with the step in the timeline."""
    page.get_by_role("button", name="Op de wachtlijst").click()
    expect(page.get_by_text("Status gewijzigd in “Op de wachtlijst”.")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("Nieuwkomer: Op de wachtlijst")
    go_to(page, "Wachtlijst", section="Deelnemers")
    expect(page.get_by_test_id("waiting-list")).to_contain_text("Rania Khoury")


def test_a_prospective_buddy_signs_up_and_becomes_available_on_a_phone(
    page: Page, live_server, coordinator, mailoutbox, eager_tasks
):
    cache.clear()  # sign-up counters of earlier runs live in the shared database cache
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/aanmelden/maatje/")
    page.get_by_label("Voornaam").fill("Sanne")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum").fill("1984-06-30")
    page.get_by_label("Geslacht").select_option("female")
    page.get_by_label("E-mailadres").fill("sanne.bakker@example.org")
    page.get_by_label("Postcode").fill("9403 CD")
    page.get_by_label("Gemeente").select_option(label="Assen")
    page.get_by_label("Nederlands", exact=True).check()
    page.get_by_label("Weekend").check()
    page.get_by_label("Waarom wilt u maatje worden?").fill("Ik heb tijd en wil iemand helpen.")
    page.get_by_label("Ik geef toestemming").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw aanmelding")).to_be_visible()
    assert len(mailoutbox) == 1

    # The coordinator sees the sign-up on their start page and reviews it.
    log_in(page, live_server.url, coordinator.email)
    page.get_by_role("link", name="1 nieuwe maatjes om te beoordelen").click()
    page.get_by_role("link", name="Sanne Bakker").click()
    expect(page.locator("[data-status=registered]").first).to_be_visible()
    page.get_by_role("link", name="Intake maatje").click()
    page.get_by_label("Beroep", exact=True).fill("Verpleegkundige")
    page.get_by_label("Zorg en welzijn").check()
    page.get_by_label("VOG aangevraagd op").fill("2026-01-05")
    page.get_by_label("Verwerken van persoonsgegevens").check()
    page.get_by_role("button", name="Intake opslaan").click()
    expect(page.get_by_text("De intake is vastgelegd.")).to_be_visible()

    # Not available before the certificate of conduct is in.
    page.get_by_role("button", name="Beschikbaar").click()
    expect(page.get_by_role("alert")).to_contain_text("VOG binnen is")
    page.get_by_role("link", name="Intake maatje bewerken").click()
    page.get_by_label("VOG ontvangen op").fill("2026-01-20")
    page.get_by_role("button", name="Intake opslaan").click()
    page.get_by_role("button", name="Beschikbaar").click()
    expect(page.get_by_text("Status gewijzigd in “Beschikbaar”.")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text(re.compile("Maatje: Beschikbaar"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    buddy = Buddy.objects.get()
    assert (buddy.status, buddy.source) == ("available", "public_form")
