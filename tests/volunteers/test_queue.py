"""The coordinator's approval queue: filters, bulk approve and reject, POST only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.volunteers.factories import (
    ClosedPeriodFactory,
    HourEntryFactory,
    VolunteerFactory,
    today,
)
from volunteers.models import HourEntry
from vvsite.models import Role

pytestmark = pytest.mark.django_db
QUEUE = reverse("volunteers:queue")


@pytest.fixture
def coordinator(user_with_role):
    return user_with_role(Role.COORDINATOR)


@pytest.fixture
def client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


def test_the_queue_lists_submitted_entries_only(client):
    submitted = HourEntryFactory(note="graag goedkeuren")
    HourEntryFactory(status="approved", note="al goedgekeurd")
    HourEntryFactory(status="rejected", rejection_reason="nee", note="al afgekeurd")
    page = client.get(QUEUE).content.decode()
    assert "graag goedkeuren" in page
    assert "al goedgekeurd" not in page and "al afgekeurd" not in page
    assert f'value="{submitted.pk}"' in page


def test_the_queue_filters_by_volunteer_and_activity(client):
    HourEntryFactory(
        volunteer=VolunteerFactory(full_name="Anna Bakker"), activity="event", note="A"
    )
    HourEntryFactory(
        volunteer=VolunteerFactory(full_name="Bram de Vries"), activity="event", note="B"
    )
    HourEntryFactory(
        volunteer=VolunteerFactory(full_name="Anna Bakker"), activity="training", note="C"
    )
    table = client.get(QUEUE, {"volunteer": "anna", "activity": "event"}).context["table"]
    assert [row.record.note for row in table.page.object_list] == ["A"]


def test_a_coordinator_approves_a_batch(client, coordinator):
    entries = HourEntryFactory.create_batch(3)
    other = HourEntryFactory()
    response = client.post(QUEUE, {"entries": [e.pk for e in entries], "action": "approve"})
    assert response.status_code == 302
    assert set(HourEntry.objects.filter(status="approved").values_list("pk", flat=True)) == {
        e.pk for e in entries
    }
    approved = HourEntry.objects.get(pk=entries[0].pk)
    assert approved.reviewed_by == coordinator and approved.reviewed_at
    assert approved.history.first().history_user == coordinator
    assert HourEntry.objects.get(pk=other.pk).status == "submitted"


def test_rejecting_needs_a_reason_which_the_volunteer_sees(client):
    entry = HourEntryFactory()
    client.post(QUEUE, {"entries": [entry.pk], "action": "reject", "reason": ""})
    entry.refresh_from_db()
    assert entry.status == "submitted"
    client.post(QUEUE, {"entries": [entry.pk], "action": "reject", "reason": "Dubbel ingevoerd"})
    entry.refresh_from_db()
    assert (entry.status, entry.rejection_reason) == ("rejected", "Dubbel ingevoerd")
    volunteer = Client()
    volunteer.force_login(entry.volunteer)
    assert "Dubbel ingevoerd" in volunteer.get(reverse("volunteers:portal")).content.decode()


def test_approving_is_post_only(client):
    entry = HourEntryFactory()
    client.get(QUEUE, {"entries": [entry.pk], "action": "approve"})
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_entries_already_handled_are_left_alone_when_posted_again(client):
    rejected = HourEntryFactory(status="rejected", rejection_reason="Te veel")
    client.post(QUEUE, {"entries": [rejected.pk], "action": "approve"})
    rejected.refresh_from_db()
    assert rejected.status == "rejected"


def test_a_batch_with_an_entry_in_a_closed_month_changes_nothing(client):
    day = today().replace(day=1) - timedelta(days=1)
    open_entry = HourEntryFactory(date=today())
    closed_entry = HourEntryFactory(date=day)
    ClosedPeriodFactory(year=day.year, month=day.month)
    response = client.post(
        QUEUE, {"entries": [open_entry.pk, closed_entry.pk], "action": "approve"}, follow=True
    )
    assert "is afgesloten" in response.content.decode()
    assert not HourEntry.objects.filter(status="approved").exists()


def test_a_coordinator_cannot_approve_their_own_hours(user_with_role):
    both = user_with_role(Role.COORDINATOR, Role.VOLUNTEER)
    entry = HourEntryFactory(volunteer=both)
    client = Client()
    client.force_login(both)
    client.post(QUEUE, {"entries": [entry.pk], "action": "approve"})
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_a_volunteer_cannot_approve_by_posting_to_the_queue(client_for):
    entry = HourEntryFactory()
    client = Client()
    client.force_login(entry.volunteer)
    assert client.post(QUEUE, {"entries": [entry.pk], "action": "approve"}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_the_queue_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    HourEntryFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        client.get(QUEUE)
    HourEntryFactory.create_batch(120)
    with django_assert_max_num_queries(12) as many:
        client.get(QUEUE)
    assert len(many) == len(few)
