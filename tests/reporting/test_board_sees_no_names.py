"""The board sees aggregates only: no page a board member can open names a participant, a buddy,
a volunteer, a contact person or a coordinator. The test walks every URL the board may GET
(the permission matrix's list) over data with distinctive names, and reads the annual report's
PDF too."""

from datetime import date

import pytest
from django.urls import reverse

from cohorts.models import Enrolment
from reporting.annual_report import ANNUAL_REPORT
from reporting.services import kpis_refresh
from tests import pdftools
from tests.factories import UserFactory
from tests.participants.factories import ContactPersonFactory, OrganisationFactory, PersonFactory
from tests.reporting import world
from tests.test_permissions import LOGIN_ONLY, PUBLIC, _expected_roles, _url, all_url_patterns
from vvsite.documents.models import Document
from vvsite.documents.services import document_request
from vvsite.models import Role

pytestmark = pytest.mark.django_db

NAMES = [
    "Zephyrine",
    "Quartermaine",
    "زمردة",
    "ሰላማዊት",
    "Brackenbury",
    "Wolstenholme",
    "Vandersloot",
    "Oyelaran",
]


@pytest.fixture
def named_world(django_capture_on_commit_callbacks):
    """Two years of cohorts whose people carry the distinctive names, hours, an evaluation,
    a contact person, and documents asked for by a coordinator with such a name."""
    referrer = OrganisationFactory(name="Taalschool Noord")
    ContactPersonFactory(organisation=referrer, name="Thaddeus Wolstenholme")
    coordinator = UserFactory(roles=[Role.COORDINATOR], full_name="Ottoline Brackenbury")
    volunteer = UserFactory(roles=[Role.VOLUNTEER], full_name="Perpetua Vandersloot")
    PersonFactory(
        user=volunteer, given_names="Perpetua", family_name="Vandersloot", municipality=None
    )
    for year in (2025, 2026):
        group = world.cohort(date(year, 2, 1), date(year, 7, 31), name="Voorjaar")
        for n in range(6):
            profile = world.newcomer(
                referrer=referrer,
                person__given_names=f"Zephyrine{n}",
                person__family_name="Quartermaine-Oyelaran",
                person__native_name="زمردة ሰላማዊት",
                participation_step=2,
            )
            world.enrol(group, profile, status=Enrolment.Status.COMPLETED)
            world.evaluation(profile, date(year, 7, 31), dutch_improved=5, participation_step=3)
        world.enrol(group, world.buddy(), Enrolment.Role.BUDDY)
        world.hours(volunteer, date(year, 3, 3), "4")
    kpis_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        report = document_request(kind=ANNUAL_REPORT, parameters={"year": 2025}, by=coordinator)
        failed = document_request(kind=ANNUAL_REPORT, parameters={"year": 1999}, by=coordinator)
    return {"report": report, "failed": failed}


def board_urls(report: Document) -> list[str]:
    """Every URL the board may open (anything public, any logged-in user, or the board)."""
    samples = {
        "documents:document_detail": {"pk": report.pk},
        "documents:document_download": {"pk": report.pk},
        "documents:document_retry": {"pk": report.pk},
        "volunteers:summary": {"year": 2025},
    }
    urls = []
    for name, pattern in all_url_patterns():
        expected = _expected_roles(name)
        if expected in (PUBLIC, LOGIN_ONLY) or (expected and Role.BOARD in expected):
            urls.append(_url(name, pattern, samples))
    return urls


def readable(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdftools.text(content)
    return content.decode("utf-8", errors="replace")


def test_no_page_the_board_can_open_names_anyone(board_client, named_world):
    report, failed = named_world["report"], named_world["failed"]
    report.refresh_from_db()
    assert report.is_ready, report.job.error
    urls = board_urls(report)
    assert reverse("reporting:dashboard") in urls
    assert reverse("documents:document_download", args=[report.pk]) in urls
    urls += [
        reverse("documents:document_detail", args=[failed.pk]),
        f"{reverse('reporting:dashboard')}?jaar=2025",
        f"{reverse('reporting:dashboard')}?jaar=2026&gemeente={world.place('Assen').pk}",
    ]

    opened = 0
    for url in urls:
        response = board_client.get(url)
        if response.status_code != 200:
            continue
        opened += 1
        text = readable(response).casefold()
        for name in NAMES:
            assert name.casefold() not in text, f"{url} shows {name!r}"
    assert opened >= 8


def test_the_names_are_there_for_those_who_may_see_them(coordinator_client, named_world):
    """The check above can fail: the same data shows the names to a coordinator."""
    report = named_world["report"]
    page = coordinator_client.get(reverse("documents:document_detail", args=[report.pk]))
    assert "Brackenbury" in page.content.decode()
    people = coordinator_client.get(reverse("participants:newcomer_list"))
    assert "Quartermaine" in people.content.decode()
