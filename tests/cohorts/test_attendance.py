"""Attendance: a coach taps present, absent or excused per person; the overview flags who
missed three sessions in a row and shows the rates per session and per person."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts import selectors
from cohorts.models import Attendance, Enrolment, Session
from cohorts.services.attendance import attendance_mark, attendance_mark_rest, visitors_set
from cohorts.services.sessions import session_cancel
from tests.cohorts.factories import CoachGroupFactory, SessionFactory, enrol, group_session

pytestmark = pytest.mark.django_db
PRESENT, ABSENT, EXCUSED = "present", "absent", "excused"


@pytest.fixture
def group():
    return CoachGroupFactory()


def _sessions(group, count, *, days_ago=70):
    start = timezone.now() - timedelta(days=days_ago)
    return [group_session(group, starts_at=start + timedelta(weeks=2 * n)) for n in range(count)]


def test_a_tap_records_attendance_and_another_tap_changes_it(group):
    member = enrol(group.cohort, group=group)
    session = group_session(group)
    attendance_mark(session=session, enrolment=member, status=PRESENT)
    attendance_mark(session=session, enrolment=member, status=ABSENT)
    record = Attendance.objects.get()
    assert (record.enrolment, record.status) == (member, ABSENT)
    assert record.history.count() == 2


def test_someone_can_be_excused_beforehand_but_not_marked_present(group):
    member = enrol(group.cohort, group=group)
    next_week = group_session(group, starts_at=timezone.now() + timedelta(days=7))
    attendance_mark(session=next_week, enrolment=member, status=EXCUSED)
    with pytest.raises(ValidationError, match="vanaf de dag"):
        attendance_mark(session=next_week, enrolment=member, status=PRESENT)


def test_only_the_groups_members_are_on_its_sheet(group):
    member = enrol(group.cohort, group=group)
    other_group = CoachGroupFactory(cohort=group.cohort)
    outsider = enrol(group.cohort, group=other_group)
    session = group_session(group)
    assert selectors.attendance_sheet(session) == [member]
    with pytest.raises(ValidationError):
        attendance_mark(session=session, enrolment=outsider, status=PRESENT)


def test_a_cohort_session_for_newcomers_expects_the_newcomers_only(group):
    newcomer = enrol(group.cohort)
    enrol(group.cohort, role=Enrolment.Role.BUDDY)
    training = SessionFactory(
        cohort=group.cohort, kind=Session.Kind.CULTURE_TRAINING, audience="newcomers"
    )
    assert list(selectors.expected_enrolments(training)) == [newcomer]


def test_a_cancelled_session_takes_no_attendance(group):
    member = enrol(group.cohort, group=group)
    session = session_cancel(session=group_session(group), notify=False)
    with pytest.raises(ValidationError):
        attendance_mark(session=session, enrolment=member, status=PRESENT)


def test_the_rest_are_marked_present_in_one_tap(group):
    members = [enrol(group.cohort, group=group) for _ in range(4)]
    session = group_session(group)
    attendance_mark(session=session, enrolment=members[0], status=EXCUSED)
    assert attendance_mark_rest(session=session) == 3
    statuses = dict(Attendance.objects.values_list("enrolment", "status"))
    assert statuses == {members[0].pk: EXCUSED, **{m.pk: PRESENT for m in members[1:]}}


def test_walk_in_visitors_are_counted_at_open_events_only(group):
    praathuis = SessionFactory(kind=Session.Kind.PRAATHUIS, title="Praathuis")
    assert visitors_set(session=praathuis, count=23).visitors == 23
    with pytest.raises(ValidationError):
        visitors_set(session=group_session(group), count=5)


def test_three_missed_sessions_in_a_row_are_flagged_and_a_visit_ends_the_run(group):
    steady, drifting, back = (enrol(group.cohort, group=group) for _ in range(3))
    sessions = _sessions(group, 5)
    plan = {
        steady: [PRESENT, PRESENT, ABSENT, PRESENT, PRESENT],
        drifting: [PRESENT, PRESENT, ABSENT, EXCUSED, ABSENT],
        back: [ABSENT, ABSENT, ABSENT, ABSENT, PRESENT],
    }
    for enrolment, statuses in plan.items():
        for session, status in zip(sessions, statuses, strict=True):
            attendance_mark(session=session, enrolment=enrolment, status=status)
    cancelled = _sessions(group, 1, days_ago=1)[0]
    attendance_mark(session=cancelled, enrolment=drifting, status=PRESENT)
    session_cancel(session=cancelled, notify=False)  # does not count

    overview = selectors.cohort_overview(group.cohort)

    rows = {row.enrolment: row for row in overview.people}
    assert [row.enrolment for row in overview.flagged] == [drifting]
    assert rows[drifting].missed_in_a_row == 3
    assert (rows[steady].present, rows[steady].recorded, rows[steady].rate) == (4, 5, 80)
    assert rows[back].missed_in_a_row == 0
    per_session = [(s.present_count, s.recorded_count) for s in overview.past]
    assert per_session == [(2, 3), (2, 3), (0, 3), (1, 3), (2, 3)]
    assert overview.attendance_rate == round(100 * 7 / 15)
