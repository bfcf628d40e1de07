"""The coordinator's pages: plan a cohort, place the next newcomers from a preview, add buddies,
form groups, generate and change the schedule, close the cohort."""

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CoachGroup, Cohort, Enrolment, Programme, Session
from cohorts.programmes import programmes_ensure
from cohorts.services.enrolment import enrolment_add
from cohorts.services.lifecycle import cohort_create
from participants.models import Municipality, Newcomer
from tests.cohorts.factories import (
    CoachGroupFactory,
    CohortFactory,
    available_buddy,
    enrol,
    group_session,
    leader,
    waiting_newcomer,
)

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_coordinator_plans_a_cohort_with_the_programmes_defaults(coordinator_client):
    programmes_ensure()
    programme = Programme.objects.get(name="Maatjesprogramma 6 maanden")
    response = coordinator_client.post(
        reverse("cohorts:cohort_create"),
        {
            "number": "15",
            "name": "Najaar",
            "programme": programme.pk,
            "municipality": Municipality.objects.get(name="Assen").pk,
            "start_date": "2026-09-07",
        },
    )
    cohort = Cohort.objects.get(number=15)
    assert response.url == reverse("cohorts:cohort_detail", args=[cohort.pk])
    assert (cohort.end_date, cohort.newcomer_capacity, cohort.status) == (
        date(2027, 3, 7),
        15,
        "planned",
    )
    page = coordinator_client.get(response.url).content.decode()
    assert "Lichting 15 · Najaar" in page


def test_the_preview_lists_the_next_newcomers_of_the_waiting_list_in_order(coordinator_client):
    cohort = CohortFactory(newcomer_capacity=3)
    first = waiting_newcomer(priority=1)
    later = [waiting_newcomer() for _ in range(3)]
    enrol(CohortFactory())  # placed elsewhere: not waiting
    url = reverse("cohorts:cohort_place", args=[cohort.pk])

    preview = coordinator_client.get(url, {"count": 10}).context["preview"]

    assert preview == [first, *later[:2]]  # priority first, then registration; 3 places

    response = coordinator_client.post(url, {"people": [n.pk for n in preview]}, follow=True)
    assert "3 nieuwkomers geplaatst" in _messages(response)
    assert set(cohort.enrolments.values_list("person", flat=True)) == {n.pk for n in preview}
    assert Newcomer.objects.filter(status="placed").count() == 4


def test_placing_a_sixteenth_newcomer_is_refused_with_a_clear_message(coordinator_client):
    cohort = CohortFactory(newcomer_capacity=15)
    people = [waiting_newcomer() for _ in range(16)]
    url = reverse("cohorts:cohort_place", args=[cohort.pk])

    response = coordinator_client.post(url, {"people": [n.pk for n in people]}, follow=True)

    assert "Niemand geplaatst" in _messages(response)
    assert "alle 15 plaatsen voor nieuwkomers zijn bezet" in _messages(response)
    assert not cohort.enrolments.exists()  # all or nothing

    coordinator_client.post(url, {"people": [n.pk for n in people[:15]]})
    response = coordinator_client.post(url, {"people": [people[15].pk]}, follow=True)
    assert "vol" in _messages(response)
    assert cohort.enrolments.count() == 15


def test_adding_a_buddy_twice_is_refused_with_a_clear_message(coordinator_client):
    cohort = CohortFactory()
    buddy = available_buddy()
    url = reverse("cohorts:cohort_buddies", args=[cohort.pk])
    coordinator_client.post(url, {"people": [buddy.pk]})
    response = coordinator_client.post(url, {"people": [buddy.pk]}, follow=True)
    assert "al ingeschreven" in _messages(response)
    assert cohort.enrolments.count() == 1
    assert buddy not in coordinator_client.get(url).context["page"].object_list


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite lets one writer in at a time; the race needs a database with row locks",
)
def test_two_coordinators_adding_the_same_buddy_at_once_add_them_once():
    cohort = CohortFactory()
    person = available_buddy().person
    barrier = threading.Barrier(2)
    outcomes = []

    def add():
        try:
            barrier.wait()
            enrolment_add(cohort=cohort, person=person, role=Enrolment.Role.BUDDY)
            outcomes.append("added")
        except ValidationError as refused:
            outcomes.append(" ".join(refused.messages))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("added") == 1
    [refusal] = [outcome for outcome in outcomes if outcome != "added"]
    assert "al ingeschreven" in refusal
    assert cohort.enrolments.count() == 1


def test_someone_leaves_with_a_reason_and_goes_back_to_the_waiting_list(coordinator_client):
    cohort = CohortFactory()
    enrolment = enrol(cohort)
    coordinator_client.post(
        reverse("cohorts:enrolment_leave", args=[cohort.pk, enrolment.pk]),
        {"reason": "no_time", "note": "Nieuwe baan", "back_to_waiting_list": "on"},
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.leave_reason) == ("left", "no_time")
    assert Newcomer.objects.get(pk=enrolment.person_id).status == "waiting"


def test_forming_groups_and_dividing_the_participants(coordinator_client):
    cohort = CohortFactory()
    for _ in range(3):
        enrol(cohort)
        enrol(cohort, role=Enrolment.Role.BUDDY)
    coaches = [leader() for _ in range(3)]
    for n, coach in enumerate(coaches, start=1):
        coordinator_client.post(
            reverse("cohorts:group_create", args=[cohort.pk]),
            {"name": f"Groep {n}", "coach": coach.pk},
        )
    assert cohort.groups.count() == 3
    coordinator_client.post(
        reverse("cohorts:cohort_groups", args=[cohort.pk]), {"action": "distribute"}
    )
    sizes = [g.members.count() for g in cohort.groups.all()]
    assert sizes == [2, 2, 2]

    # Move one participant by hand.
    mover = cohort.enrolments.filter(group__name="Groep 1").first()
    target = cohort.groups.get(name="Groep 3")
    data = {f"member_{e.pk}": str(e.group_id) for e in cohort.enrolments.all()}
    data[f"member_{mover.pk}"] = str(target.pk)
    coordinator_client.post(reverse("cohorts:cohort_groups", args=[cohort.pk]), data)
    assert [g.members.count() for g in cohort.groups.order_by("name")] == [1, 2, 3]


def test_the_generate_page_previews_then_creates(coordinator_client):
    programmes_ensure()
    cohort = cohort_create(
        fields={
            "number": 20,
            "programme": Programme.objects.get(name="Maatjesprogramma 6 maanden"),
            "municipality": Municipality.objects.get(name="Assen"),
            "start_date": date(2026, 9, 7),
        }
    )
    CoachGroupFactory(cohort=cohort)
    url = reverse("cohorts:sessions_generate", args=[cohort.pk])

    page = coordinator_client.get(url)
    assert len(page.context["creating"]) == 18  # 12 evenings, 5 once, the reunion too
    formset = page.context["formset"]
    data = {
        "line-TOTAL_FORMS": str(formset.total_form_count()),
        "line-INITIAL_FORMS": "0",
        "action": "create",
    }
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if name == "include":
                if form.initial["every_weeks"]:  # the coach-group evenings only
                    data[f"line-{i}-include"] = "on"
            elif value is not None:
                data[f"line-{i}-{name}"] = str(value)[:5] if "time" in name else str(value)
    data["line-3-every_weeks"] = "3"  # every three weeks instead of two

    response = coordinator_client.post(url, data, follow=True)

    assert "8 bijeenkomsten aangemaakt" in _messages(response)
    assert Session.objects.filter(cohort=cohort).count() == 8


def test_moving_a_session_to_a_booked_room_needs_confirmation(
    coordinator_client, django_capture_on_commit_callbacks
):
    group = CoachGroupFactory(location="De Kolk")
    enrol(group.cohort, group=group)
    tomorrow = timezone.now() + timedelta(days=1)
    booked = group_session(
        CoachGroupFactory(cohort=group.cohort), starts_at=tomorrow, location="Zaal 2"
    )
    session = group_session(group, starts_at=tomorrow + timedelta(days=1), location="De Kolk")
    url = reverse("cohorts:session_edit", args=[session.pk])
    local = timezone.localtime(booked.starts_at)
    data = {
        "title": "Coachgroepavond",
        "kind": "coach_group",
        "day": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "end_time": (local + timedelta(hours=2)).strftime("%H:%M"),
        "location": "zaal  2",
        "audience": "everyone",
        "group": group.pk,
    }

    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert "Zaal 2 is gereserveerd" in response.content.decode()
    session.refresh_from_db()
    assert session.location == "De Kolk"

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.location == "zaal  2"
    assert len(mail.outbox) == 2  # the coach and the member


def test_an_open_event_with_a_host(coordinator_client):
    host = leader()
    response = coordinator_client.post(
        reverse("cohorts:session_create"),
        {
            "title": "Praathuis",
            "kind": "praathuis",
            "day": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "start_time": "19:30",
            "end_time": "21:30",
            "location": "Bibliotheek",
            "audience": "everyone",
            "hosts": [host.pk],
        },
    )
    session = Session.objects.get()
    assert response.url == reverse("cohorts:session_detail", args=[session.pk])
    assert session.is_open_event and list(session.leaders.all()) == [host]
    page = coordinator_client.get(response.url).content.decode()
    assert "Bezoekers" in page


def test_coordinators_record_attendance_on_the_session_page(coordinator_client):
    group = CoachGroupFactory()
    member = enrol(group.cohort, group=group)
    session = group_session(group)
    coordinator_client.post(
        reverse("cohorts:register_mark", args=[session.pk, member.pk]), {"status": "absent"}
    )
    assert session.attendance.get().status == "absent"
    page = coordinator_client.get(reverse("cohorts:session_detail", args=[session.pk]))
    assert member.person.family_name in page.content.decode()  # coordinators see full names


def test_a_programmes_plan_is_kept_on_its_page(coordinator_client):
    programmes_ensure()
    programme = Programme.objects.get(name="VARIIS-groep 6 weken")
    url = reverse("cohorts:programme_edit", args=[programme.pk])
    formset = coordinator_client.get(url).context["formset"]
    data = {
        "name": programme.name,
        "kind": programme.kind,
        "duration_weeks": "6",
        "newcomer_capacity": "15",
        "buddy_capacity": "15",
        "active": "on",
        "plan-TOTAL_FORMS": str(len(formset.forms)),
        "plan-INITIAL_FORMS": str(formset.initial_form_count()),
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "1000",
    }
    for i, form in enumerate(formset.forms):
        data[f"plan-{i}-id"] = str(form.instance.pk or "")
        data[f"plan-{i}-programme"] = str(programme.pk)
        if form.instance.pk:
            for name in form.fields:
                if name in ("id", "programme", "DELETE"):
                    continue
                value = getattr(form.instance, name, None)
                if value is None or value is False:
                    continue
                data[f"plan-{i}-{name}"] = (
                    "on" if value is True else str(value)[:5] if "time" in name else str(value)
                )
    last = len(formset.forms) - 1
    data.update(
        {
            f"plan-{last}-title": "Feest",
            f"plan-{last}-kind": "party",
            f"plan-{last}-audience": "everyone",
            f"plan-{last}-anchor": "end",
            f"plan-{last}-week": "0",
            f"plan-{last}-weekday": "5",
            f"plan-{last}-start_time": "18:00",
            f"plan-{last}-end_time": "17:00",
        }
    )
    response = coordinator_client.post(url, data)
    assert response.status_code == 200  # the party ends before it starts
    data[f"plan-{last}-end_time"] = "22:00"
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    assert programme.plan.count() == 3
    assert CoachGroup.objects.count() == 0


def test_the_overview_counts_the_cohorts_matches_and_who_still_needs_a_buddy(
    coordinator_client,
):
    from matching.models import Match

    cohort = CohortFactory()
    newcomers = [enrol(cohort) for _ in range(3)]
    buddies = [enrol(cohort, role=Enrolment.Role.BUDDY) for _ in range(3)]
    for newcomer, buddy in zip(newcomers[:2], buddies[:2], strict=True):
        Match.objects.create(
            newcomer_id=newcomer.person_id,
            buddy_id=buddy.person_id,
            cohort=cohort,
            status=Match.Status.ACTIVE,
            proposed_on=cohort.start_date,
            introduced_on=cohort.start_date,
            started_on=cohort.start_date,
        )
    html = coordinator_client.get(reverse("cohorts:cohort_detail", args=[cohort.pk])).content
    html = html.decode()
    assert 'data-testid="match-count">2<' in html
    assert "1 nieuwkomer zonder maatje" in html


def test_the_cohort_list_filters_by_status_and_sorts_by_number(coordinator_client):
    CohortFactory(number=21, status=Cohort.Status.RUNNING)
    CohortFactory(number=22, status=Cohort.Status.PLANNED)
    CohortFactory(number=23, status=Cohort.Status.RUNNING)
    url = reverse("cohorts:cohort_list")

    def numbers(query) -> list[int]:
        table = coordinator_client.get(url, query).context["table"]
        return [row.record.number for row in table.paginated_rows]

    assert numbers({}) == [23, 22, 21]
    assert numbers({"status": "running"}) == [23, 21]
    assert numbers({"status": "running", "sort": "cohort"}) == [21, 23]


def test_the_session_list_filters_by_kind_and_open_events(coordinator_client):
    group = CoachGroupFactory()
    evening = group_session(group, starts_at=timezone.now() + timedelta(days=2))
    open_event = Session.objects.create(
        kind=Session.Kind.PRAATHUIS,
        title="Praathuis",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    url = reverse("cohorts:session_list")

    def listed(query) -> list[int]:
        response = coordinator_client.get(url, query)
        return [row.record.pk for row in response.context["table"].paginated_rows]

    assert listed({}) == [evening.pk, open_event.pk]
    assert listed({"open": "1"}) == [open_event.pk]
    assert listed({"kind": Session.Kind.COACH_GROUP}) == [evening.pk]
    assert listed({"sort": "-date"}) == [open_event.pk, evening.pk]
