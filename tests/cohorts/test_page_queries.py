"""The cohort pages run a constant number of queries, for a handful of people and sessions as
for a full cohort with a year of sessions and attendance."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Attendance, Enrolment, Session, SessionLeader
from tests.cohorts.factories import CoachGroupFactory, CohortFactory, enrol, group_session

pytestmark = pytest.mark.django_db


def _fill(cohort, *, groups: int, per_group: int, sessions: int) -> list:
    made = [CoachGroupFactory(cohort=cohort) for _ in range(groups)]
    for group in made:
        for n in range(per_group):
            role = Enrolment.Role.NEWCOMER if n % 2 else Enrolment.Role.BUDDY
            enrol(cohort, role=role, group=group)
    start = timezone.now() - timedelta(days=7 * sessions)
    rows, links, records = [], [], []
    for group in made:
        for n in range(sessions):
            rows.append(
                Session(
                    cohort=cohort,
                    group=group,
                    kind=Session.Kind.COACH_GROUP,
                    title="Coachgroepavond",
                    starts_at=start + timedelta(weeks=n),
                    ends_at=start + timedelta(weeks=n, hours=2),
                )
            )
    created = Session.objects.bulk_create(rows)
    members = defaultdict(list)
    for member in Enrolment.objects.filter(group__in=made).order_by("pk"):
        members[member.group_id].append(member)
    for session in created:
        links.append(SessionLeader(session=session, person=session.group.coach, role="coach"))
        if session.starts_at < timezone.now() - timedelta(days=1):
            for i, member in enumerate(members[session.group_id]):
                status = "present" if (i + session.pk) % 3 else "absent"
                records.append(Attendance(session=session, enrolment=member, status=status))
    SessionLeader.objects.bulk_create(links)
    Attendance.objects.bulk_create(records)
    return made


def _queries(client, url) -> int:
    client.get(url)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES = [
    "cohorts:cohort_detail",
    "cohorts:cohort_groups",
    "cohorts:cohort_sessions",
    "cohorts:cohort_close",
    "cohorts:cohort_place",
    "cohorts:cohort_buddies",
    "cohorts:sessions_generate",
]


@pytest.mark.parametrize("url_name", PAGES)
def test_a_cohort_page_runs_as_many_queries_for_a_full_cohort_as_for_a_small_one(
    coordinator_client, django_assert_max_num_queries, url_name
):
    small, large = (
        CohortFactory(newcomer_capacity=30, buddy_capacity=30),
        CohortFactory(newcomer_capacity=30, buddy_capacity=30),
    )
    _fill(small, groups=1, per_group=2, sessions=2)
    _fill(large, groups=3, per_group=10, sessions=40)
    budget = _queries(coordinator_client, reverse(url_name, args=[small.pk]))
    with django_assert_max_num_queries(budget):
        coordinator_client.get(reverse(url_name, args=[large.pk]))


def test_the_cohort_list_and_the_session_list_do_not_grow_with_cohorts(
    coordinator_client, django_assert_max_num_queries
):
    _fill(CohortFactory(), groups=1, per_group=2, sessions=2)
    budgets = {
        name: _queries(coordinator_client, reverse(name))
        for name in ("cohorts:cohort_list", "cohorts:session_list", "home")
    }
    for _ in range(5):
        _fill(CohortFactory(), groups=2, per_group=4, sessions=20)
    for name, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            coordinator_client.get(reverse(name))


def test_a_coachs_pages_do_not_grow_with_the_group(django_assert_max_num_queries):
    small = _fill(CohortFactory(), groups=1, per_group=2, sessions=2)[0]
    large = _fill(CohortFactory(), groups=1, per_group=15, sessions=30)[0]
    for group in (small, large):
        group_session(group, starts_at=timezone.now() + timedelta(hours=1))
    clients = {}
    for group in (small, large):
        clients[group] = Client()
        clients[group].force_login(group.coach.user)
    latest = Session.objects.order_by("-starts_at")
    session = {g: latest.filter(group=g).first() for g in (small, large)}
    for page in ("cohorts:my_group", "cohorts:my_sessions", "home", "cohorts:attendance"):
        urls = {
            g: reverse(page, args=[session[g].pk] if page == "cohorts:attendance" else [])
            for g in (small, large)
        }
        budget = _queries(clients[small], urls[small])
        with django_assert_max_num_queries(budget):
            clients[large].get(urls[large])
