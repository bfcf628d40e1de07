"""The annual report of a demo year: a cover, a table of contents with page numbers, page numbers
on every page, charts, and the hours table with the hours summary's totals; read back with
pdftotext."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reporting import annual_report
from reporting.annual_report import ANNUAL_REPORT
from tests import pdftools
from tests.factories import UserFactory
from tests.reporting import world
from volunteers.selectors import year_summary
from volunteers.tables import hours_text
from volunteers.templatetags.hours import euros
from vvsite.documents.models import Document
from vvsite.documents.pdf import BASE_URL, environment
from vvsite.documents.services import document_request
from vvsite.models import Job, Role

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Kerncijfers",
    "Deelnemers en lichtingen",
    "Koppelingen",
    "Resultaten",
    "Uitval",
    "Wachtlijst en verwijzers",
    "Vrijwillige inzet",
    "Per gemeente",
    "Wat de cijfers tellen",
]


@pytest.fixture
def demo_year():
    call_command("demo_data", stdout=io.StringIO())
    return timezone.localdate().year - 1


@pytest.fixture
def report(demo_year, django_capture_on_commit_callbacks):
    """The annual report of the demo year, made the way the annual report page makes it."""
    user = UserFactory(roles=[Role.BOARD], language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=ANNUAL_REPORT, parameters={"year": demo_year}, by=user)
    document.refresh_from_db()
    assert document.job.status == Job.Status.DONE, document.job.error
    with document.file.open("rb") as file:
        return document, file.read()


def test_it_has_a_cover_a_table_of_contents_and_page_numbers(report, demo_year):
    document, content = report
    pages = pdftools.page_count(content)
    assert pages >= 8
    assert document.filename == f"jaarverslag-{demo_year}.pdf"
    assert f"Jaarverslag {demo_year}" in pdftools.text(content, page=1)
    assert not re.search(r"\b1 / \d+", pdftools.text(content, page=1))  # no number on the cover

    contents = pdftools.text(content, page=2)
    assert "Inhoud" in contents
    listed = {}
    for title in SECTIONS:
        found = re.search(re.escape(title) + r" ?\.{3,} ?(\d+)", contents)
        assert found, f"{title} is not in the table of contents with a page number"
        listed[title] = int(found.group(1))
    assert list(listed.values()) == sorted(listed.values())
    for title, page in listed.items():  # the numbers point at the pages the sections are on
        assert title in pdftools.text(content, page=page)

    for page in range(2, pages + 1):
        assert f"{page} / {pages}" in pdftools.text(content, page=page)


def test_it_has_at_least_three_charts_with_their_numbers(report, demo_year):
    _document, content = report
    text = pdftools.text(content)
    with translation.override("nl"):
        context = annual_report.annual_report_context(demo_year)
    titles = [chart.title for chart in context["charts"].values() if chart]
    titles += [context["health_chart"].title]
    # A chart's title is drawn in its image and repeated above its table of numbers.
    drawn = [title for title in titles if text.count(title) >= 2]
    assert len(drawn) >= 3, drawn


def test_its_hours_table_has_the_totals_of_the_hours_summary(report, demo_year):
    _document, content = report
    summary = year_summary(demo_year)
    assert summary.hours > 0
    with translation.override("nl"):
        total_hours, total_value = hours_text(summary.hours), euros(summary.value)
    text = " ".join(pdftools.text(content).split())
    table = text[text.index("Goedgekeurde uren per rol") :]
    total = re.search(r"Totaal (\S+) (\S+) (€ \S+)", table)
    assert total, table[:800]
    assert total.group(2) == total_hours
    assert total.group(3) == " ".join(total_value.split())
    for row in summary.rows:
        assert str(row.label) in table


def test_every_section_is_a_bookmark(demo_year):
    with translation.override("nl"):
        html = render_to_string(
            annual_report.TEMPLATE, annual_report.annual_report_context(demo_year)
        )
    from weasyprint import HTML

    env = environment()
    rendered = HTML(string=html, base_url=BASE_URL, url_fetcher=env.fetcher).render(
        stylesheets=env.stylesheets([annual_report.STYLESHEET]), font_config=env.font_config
    )
    labels = [entry[0] for entry in rendered.make_bookmark_tree()]
    assert labels == SECTIONS


def test_the_board_asks_for_it_and_is_sent_to_its_progress_page(
    board_client, demo_year, django_capture_on_commit_callbacks
):
    page = board_client.get(reverse("reporting:annual_report"))
    assert f'<option value="{demo_year}"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = board_client.post(reverse("reporting:annual_report"), {"year": demo_year})

    document = Document.objects.get(kind=ANNUAL_REPORT)
    assert document.parameters == {"year": demo_year}
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])
    status = board_client.get(response["Location"]).content.decode()
    assert reverse("documents:document_download", args=[document.pk]) in status


def test_a_year_without_data_or_in_the_future_is_refused(board_client):
    next_year = timezone.localdate().year + 1
    response = board_client.post(reverse("reporting:annual_report"), {"year": next_year})
    assert response.status_code == 200
    assert not Document.objects.exists()
    with pytest.raises(ValueError):
        annual_report.report_year({"year": next_year})


def test_hours_per_person_of_fewer_than_five_volunteers_are_not_shown():
    year = timezone.localdate().year - 1
    board_members = [UserFactory() for _ in range(3)]
    for user in board_members:
        world.hours(user, date(year, 5, 1), "3", role="board")
    buddies = [UserFactory() for _ in range(6)]
    for user in buddies:
        world.hours(user, date(year, 5, 1), "2.5")
    with translation.override("nl"):
        html = render_to_string(annual_report.TEMPLATE, annual_report.annual_report_context(year))
    table = html[html.index('data-testid="year-summary"') :]
    board_row = table[table.index("Bestuurslid") :].split("</tr>")[0]
    buddy_row = table[table.index("Maatje") :].split("</tr>")[0]
    assert "n &lt; 5" in board_row and "&lt; 5" in board_row
    assert ">3<" not in board_row  # 9 hours by 3 people: neither the 3 nor the 3 each
    assert ">2,5<" in buddy_row and ">6<" in buddy_row
