"""In a real browser: a coordinator plans a 6-month cohort, places 15 newcomers from the waiting
list and 15 buddies, forms three coach groups and generates the schedule (holiday weeks
skipped); then a coach records attendance on a 390 px phone."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts.models import Attendance, Cohort, Session
from cohorts.programmes import programmes_ensure
from cohorts.scheduling import monday_of
from participants.places import places_ensure
from tests.cohorts.factories import available_buddy, leader, waiting_newcomer
from tests.e2e.helpers import DESKTOP, PHONE, go_to, log_in
from tests.factories import UserFactory
from vvsite.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    places_ensure()
    programmes_ensure()
    coordinator = UserFactory(roles=[Role.COORDINATOR], email="coordinator@example.org")
    for _ in range(16):
        waiting_newcomer()
    for _ in range(15):
        available_buddy()
    coaches = [
        leader(roles=[Role.VOLUNTEER], given_names=name, family_name="Coach")
        for name in ("Anke", "Bram", "Carla")
    ]
    return coordinator, coaches


def _evenings_per_group(cohort) -> list[list]:
    """The days each group of the cohort meets, group by group."""
    days = defaultdict(list)
    for session in Session.objects.filter(group__cohort=cohort).order_by("starts_at"):
        days[session.group_id].append(timezone.localdate(session.starts_at))
    return [days[pk] for pk in cohort.groups.order_by("pk").values_list("pk", flat=True)]


def test_a_coordinator_fills_a_cohort_and_a_coach_records_attendance_on_a_phone(
    page: Page, live_server, browser, people
):
    coordinator, coaches = people
    start = monday_of(timezone.localdate()) - timedelta(weeks=3)
    # Coach-group evenings: week 3's Tuesday and every other week; the 3rd and 7th fall in
    # holiday weeks.
    evening = [start + timedelta(weeks=2 + 2 * n, days=1) for n in range(12)]

    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, coordinator.email)
    _plan_cohort(page, start)
    _place_newcomers_and_buddies(page)
    _form_groups(page, coaches)
    _generate_schedule(page, holidays=(evening[2], evening[6]))

    cohort = Cohort.objects.get()
    expected = [day for n, day in enumerate(evening) if n not in (2, 6)]
    assert _evenings_per_group(cohort) == [expected] * cohort.groups.count()

    coach = coaches[0]
    _record_attendance_on_a_phone(browser, live_server.url, coach)
    session = Session.objects.get(group__coach=coach, starts_at__date__lte=evening[0])
    statuses = sorted(Attendance.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == ["absent", "excused"] + ["present"] * 8


def _plan_cohort(page: Page, start) -> None:
    go_to(page, "Lichtingen", section="Lichtingen")
    page.get_by_role("link", name="Lichting plannen").click()
    page.get_by_label("Naam").fill("Najaar")
    page.get_by_label("Programma").select_option(label="Maatjesprogramma 6 maanden")
    page.get_by_label("Gemeente").select_option(label="Assen")
    page.get_by_label("Start").fill(start.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De lichting is gepland.")
    expect(page.get_by_test_id("newcomer-count")).to_have_text("0 / 15")


def _place_newcomers_and_buddies(page: Page) -> None:
    """The next 15 from the waiting list (16 are waiting), then all 15 available buddies."""
    page.get_by_role("link", name="Nieuwkomers plaatsen").first.click()
    preview = page.get_by_test_id("placement-preview")
    expect(preview.locator("tbody tr")).to_have_count(15)
    page.get_by_role("button", name="15 nieuwkomers plaatsen").click()
    expect(page.get_by_role("status")).to_contain_text("15 nieuwkomers geplaatst")
    expect(page.get_by_test_id("newcomer-count")).to_have_text("15 / 15")

    page.get_by_role("link", name="Maatjes toevoegen").first.click()
    page.get_by_label("Alles selecteren").check()
    page.get_by_role("button", name="Aangevinkte maatjes toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("15 maatjes toegevoegd")
    expect(page.get_by_test_id("buddy-count")).to_have_text("15 / 15")


def _form_groups(page: Page, coaches) -> None:
    """A coach group per coach, then everyone divided over them."""
    page.get_by_role("link", name="Coachgroepen").first.click()
    for coach in coaches:
        page.get_by_role("link", name="Nieuwe groep").click()
        coach_field = page.get_by_role("combobox", name="Coach*", exact=True)
        coach_field.select_option(label=coach.display_name)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("De groep is opgeslagen.")
    page.get_by_role("button", name="Verdeel wie nog geen groep heeft gelijkmatig").click()
    expect(page.get_by_role("status")).to_contain_text("30 deelnemers over de groepen verdeeld")
    expect(page.get_by_test_id("groups")).to_contain_text("10 leden")


def _generate_schedule(page: Page, holidays) -> None:
    """Two holiday weeks, then the schedule from the programme."""
    page.get_by_role("link", name="Bijeenkomsten").last.click()
    for name, day in zip(("Herfstvakantie", "Kerstvakantie"), holidays, strict=True):
        page.get_by_label("Naam").fill(name)
        page.get_by_label("Eerste dag").fill(day.isoformat())
        page.get_by_role("button", name="Vakantie toevoegen").click()
        expect(page.get_by_role("status")).to_contain_text("De vakantie is toegevoegd.")
    page.get_by_role("link", name="Maken uit het programma").click()
    expect(page.get_by_test_id("preview-summary")).to_contain_text(
        "36 bijeenkomsten worden aangemaakt, 6 overgeslagen vanwege vakanties"
    )
    page.get_by_role("button", name="36 bijeenkomsten aanmaken").click()
    expect(page.get_by_role("status")).to_contain_text("36 bijeenkomsten aangemaakt")
    expect(page.get_by_test_id("kind-counts")).to_contain_text("Coachgroepavond: 30")


def _record_attendance_on_a_phone(browser, url: str, coach) -> None:
    """The coach, on a phone: their group, last week's evening, a tap per person."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", timezone_id="Europe/Amsterdam")
    phone = context.new_page()
    log_in(phone, url, coach.email)
    go_to(phone, "Mijn groep", section="Lichtingen")
    expect(phone.get_by_test_id("my-group")).to_contain_text("Groep 1")
    expect(phone.get_by_test_id("member")).to_have_count(10)
    phone.get_by_test_id("recent-sessions").get_by_role("link", name="Invullen").click()
    rows = phone.get_by_test_id("attendance-row")
    expect(rows).to_have_count(10)
    for row, label in zip(rows.all()[:3], ("Aanwezig", "Afwezig", "Afgemeld"), strict=True):
        button = row.get_by_role("button", name=label)
        button.click()
        expect(row.get_by_role("button", name=label)).to_have_attribute("aria-pressed", "true")
    phone.get_by_role("button", name="Zet de 7 anderen op aanwezig").click()
    expect(phone.get_by_test_id("attendance-counts")).to_have_text(
        "Aanwezig: 8 · Afwezig: 1 · Afgemeld: 1"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = rows.first.get_by_role("button", name="Aanwezig").bounding_box()
    assert box["height"] >= 44 and box["width"] >= 90  # thumb-sized
    context.close()
