"""The board's dashboard: this year's figures against the targets, per municipality, with trends."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cohorts.models import Enrolment
from reporting.catalogue import kpi
from reporting.dashboard import judge, targets_for
from reporting.models import KpiSnapshot, Target
from reporting.services import kpis_refresh
from tests.reporting import world

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
URL = reverse("reporting:dashboard")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 11, 23), tick=False):
        yield


def card(html: str, code: str) -> str:
    """The HTML of one key-figure card."""
    start = html.index(f'data-kpi="{code}"')
    following = html.find("data-kpi=", start + 1)
    return html[start : following if following != -1 else len(html)]


def value(html: str, code: str) -> str:
    found = re.search(r'data-testid="kpi-value">([^<]*)<', card(html, code))
    return found.group(1).strip()


def status(html: str, code: str) -> str:
    return re.search(r'data-status="(\w+)"', card(html, code)).group(1)


@pytest.fixture
def cohort_this_year():
    """Seven newcomers and three buddies in an Assen cohort of this year; one newcomer in
    Tynaarlo."""
    group = world.cohort(date(2026, 2, 1), date(2026, 7, 31))
    for _ in range(7):
        world.enrol(group, world.newcomer())
    for _ in range(3):
        world.enrol(group, world.buddy(), Enrolment.Role.BUDDY)
    world.enrol(
        world.cohort(date(2026, 3, 1), date(2026, 8, 31), municipality="Tynaarlo"), world.newcomer()
    )
    return group


def test_the_board_sees_this_years_figures_against_the_targets(board_client, cohort_this_year):
    Target.objects.create(year=2026, kpi="newcomers", value=10)
    Target.objects.create(year=2026, kpi="buddies", value=3)
    kpis_refresh()

    html = board_client.get(URL).content.decode()

    assert value(html, "newcomers") == "8"
    assert "Streefwaarde: 10" in card(html, "newcomers")
    assert status(html, "newcomers") == "behind"
    assert status(html, "buddies") == "met"
    # The status is not told by colour alone: an icon and a word go with it.
    assert "bi-x-circle-fill" in card(html, "newcomers")
    assert "bi-check-circle-fill" in card(html, "buddies")
    assert 'data-testid="computed-at"' in html


def test_groups_under_five_show_as_less_than_five(board_client, cohort_this_year):
    profile = world.newcomer()
    world.evaluation(profile, date(2026, 6, 1), dutch_improved=5)
    kpis_refresh()

    html = board_client.get(URL).content.decode()

    assert value(html, "buddies") == "&lt; 5"
    assert value(html, "evaluations") == "&lt; 5"
    assert value(html, "eval:dutch_improved") == "n &lt; 5"  # a share of one person: hidden
    assert "100%" not in html


def test_a_municipality_shows_its_own_figures_and_targets(board_client, cohort_this_year):
    tynaarlo = world.place("Tynaarlo")
    Target.objects.create(year=2026, municipality=tynaarlo, kpi="newcomers", value=4)
    Target.objects.create(year=2026, kpi="newcomers", value=40)
    kpis_refresh()

    html = board_client.get(URL, {"jaar": 2026, "gemeente": tynaarlo.pk}).content.decode()

    assert "Tynaarlo" in html
    assert value(html, "newcomers") == "&lt; 5"
    assert status(html, "newcomers") == "behind"  # 1 of 4
    assert "40" not in card(html, "newcomers")


def test_an_earlier_year_can_be_chosen(board_client):
    group = world.cohort(date(2024, 2, 1), date(2024, 7, 31))
    for _ in range(6):
        world.enrol(group, world.newcomer())
    kpis_refresh()

    this_year = board_client.get(URL).content.decode()
    earlier = board_client.get(URL, {"jaar": 2024}).content.decode()

    assert value(this_year, "newcomers") == "&lt; 5"
    assert value(earlier, "newcomers") == "6"
    assert '<option value="2024" selected>' in earlier


def test_an_unknown_year_falls_back_to_this_year(board_client, cohort_this_year):
    kpis_refresh()
    response = board_client.get(URL, {"jaar": 1999, "gemeente": "x"})
    assert response.status_code == 200
    assert value(response.content.decode(), "newcomers") == "8"


def test_trends_are_charts_with_their_numbers_in_a_table(board_client, cohort_this_year):
    kpis_refresh()
    html = board_client.get(URL).content.decode()
    assert html.count('src="data:image/svg+xml;base64,') >= 5
    assert html.count('class="col-lg-4 chart-numbers"') >= 5
    assert "<script" not in html.split("<main", 1)[1]


def test_before_the_first_computation_the_page_says_so(board_client):
    response = board_client.get(URL)
    assert response.status_code == 200
    assert not KpiSnapshot.objects.exists()
    assert 'data-kpi="newcomers"' in response.content.decode()


def test_coordinators_can_update_the_figures_and_the_board_cannot(
    board_client, coordinator_client, cohort_this_year, django_capture_on_commit_callbacks
):
    old = kpis_refresh()
    assert reverse("reporting:kpis_refresh") not in board_client.get(URL).content.decode()
    assert reverse("reporting:kpis_refresh") in coordinator_client.get(URL).content.decode()
    assert board_client.post(reverse("reporting:kpis_refresh")).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("reporting:kpis_refresh"), {"query": "jaar=2026"}
        )

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?jaar=2026"
    latest = KpiSnapshot.objects.get()  # the new one replaced the old one
    assert latest.pk != old.pk


def test_figures_that_build_up_are_compared_with_the_part_of_the_target_due_by_today():
    hours = kpi("hours")
    # 23 November: about 90 % of the year has passed, so 6,700 of a 7,500-hour target is due.
    assert judge(hours, 6900, 7500, year=2026, today=TODAY).key == "met"
    assert judge(hours, 6900, 7500, year=2025, today=TODAY).key == "near"
    assert judge(hours, 5000, 7500, year=2025, today=TODAY).key == "behind"
    waiting = kpi("waiting")  # lower is better
    assert judge(waiting, 20, 25, year=2026, today=TODAY).key == "met"
    assert judge(waiting, 27, 25, year=2026, today=TODAY).key == "near"
    assert judge(waiting, 40, 25, year=2026, today=TODAY).key == "behind"
    assert judge(waiting, 40, None, year=2026, today=TODAY).key == "none"


def test_targets_default_to_the_strategic_plan_until_set_or_cleared():
    assert targets_for([2025, 2027], None)[2025]["newcomers"] == 35
    assert targets_for([2025, 2027], None)[2027]["cohorts_started"] == 4
    Target.objects.create(year=2025, kpi="newcomers", value=None)  # cleared
    Target.objects.create(year=2025, kpi="buddies", value=Decimal(30))
    targets = targets_for([2025], None)[2025]
    assert "newcomers" not in targets
    assert targets["buddies"] == 30
    assert targets_for([2025], world.place("Assen")) == {}


def test_the_board_home_page_shows_the_key_figures(board_client, cohort_this_year):
    kpis_refresh()
    html = board_client.get(reverse("home")).content.decode()
    assert 'data-testid="kpi-highlights"' in html
    assert value(html, "newcomers") == "8"
    assert reverse("reporting:dashboard") in html


def test_a_snapshot_is_replaced_not_added_to():
    first = kpis_refresh()
    second = kpis_refresh(today=TODAY + timedelta(days=1))
    assert list(KpiSnapshot.objects.all()) == [second]
    assert first.pk != second.pk
