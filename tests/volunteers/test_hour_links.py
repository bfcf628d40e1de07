"""Hours for a cohort or a session: the form offers the volunteer's own, the service refuses
anyone else's."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cohorts.factories import CoachGroupFactory, CohortFactory, group_session
from tests.volunteers.factories import today
from volunteers import services
from volunteers.models import HourEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_with_sessions():
    group = CoachGroupFactory()
    own = group_session(group, starts_at=timezone.now() - timedelta(days=2))
    other = group_session(CoachGroupFactory(), starts_at=timezone.now() - timedelta(days=2))
    return group, own, other


def refusal(volunteer, activity, **link) -> dict:
    """The errors with which the service refuses two hours today for ``link``."""
    fields = services.HourFields(date=today(), hours=Decimal("2"), activity=activity, **link)
    with pytest.raises(ValidationError) as refused:
        services.hour_create(volunteer=volunteer, fields=fields)
    return refused.value.message_dict


def test_the_hour_form_offers_the_volunteers_own_cohorts_and_sessions(coach_with_sessions):
    group, own, _other = coach_with_sessions
    client = Client()
    client.force_login(group.coach.user)
    form = client.get(reverse("volunteers:hour_create")).context["form"]
    assert list(form.fields["cohort"].queryset) == [group.cohort]
    assert list(form.fields["session"].queryset) == [own]

    response = client.post(
        reverse("volunteers:hour_create"),
        {"date": today().isoformat(), "hours": "2", "activity": "coach_group", "session": own.pk},
    )
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.session, entry.cohort) == (own, group.cohort)  # the session brings its cohort


def test_someone_elses_session_or_cohort_is_refused(coach_with_sessions):
    group, _own, other = coach_with_sessions
    volunteer = group.coach.user
    assert "session" in refusal(volunteer, "coach_group", session=other)
    assert "cohort" in refusal(volunteer, "coach_group", cohort=CohortFactory())
    assert not HourEntry.objects.exists()


def test_a_volunteer_without_cohorts_sees_the_form_as_before(client):
    from tests.volunteers.factories import VolunteerFactory

    client.force_login(VolunteerFactory())
    form = client.get(reverse("volunteers:hour_create")).context["form"]
    assert "cohort" not in form.fields and "session" not in form.fields


def test_a_buddy_logs_hours_for_their_own_match_and_not_for_anyone_elses(client):
    from participants.models import Person
    from tests.matching.factories import MatchFactory, matchable_newcomer
    from tests.volunteers.factories import VolunteerFactory

    volunteer = VolunteerFactory()
    own = MatchFactory(active=True, newcomer=matchable_newcomer(person__given_names="Amal"))
    Person.objects.filter(pk=own.buddy_id).update(user=volunteer)
    other = MatchFactory(active=True)
    client.force_login(volunteer)

    form = client.get(reverse("volunteers:hour_create")).context["form"]
    assert list(form.fields["match"].queryset) == [own]
    assert "Amal" in client.get(reverse("volunteers:hour_create")).content.decode()
    response = client.post(
        reverse("volunteers:hour_create"),
        {"date": today().isoformat(), "hours": "1.5", "activity": "buddy_contact", "match": own.pk},
    )
    assert response.status_code == 302
    assert HourEntry.objects.get().match == own

    assert "match" in refusal(volunteer, "buddy_contact", match=other)
