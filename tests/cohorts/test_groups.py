"""Coach groups: a coach is required (form, service and database), leaders get the coach role,
one person holds one role, members come from the cohort, the coming sessions follow the
leaders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.forms import CoachGroupForm
from cohorts.models import CoachGroup, Enrolment, SessionLeader
from cohorts.services.groups import group_create, group_members_set, group_update, groups_distribute
from tests.cohorts.factories import (
    CoachGroupFactory,
    CohortFactory,
    enrol,
    group_session,
    leader,
)
from tests.factories import UserFactory
from tests.participants.factories import PersonFactory
from vvsite.models import Role

pytestmark = pytest.mark.django_db


def test_a_group_without_a_coach_is_refused_by_the_service_and_the_database():
    cohort = CohortFactory()
    with pytest.raises(ValidationError) as refused:
        group_create(cohort=cohort, fields={"name": "Groep 1", "coach": None})
    assert "coach" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachGroup.objects.create(cohort=cohort, name="Groep 1", coach=None)
    assert not CoachGroup.objects.exists()


def test_the_group_form_says_a_group_needs_a_coach(coordinator_client):
    cohort = CohortFactory()
    response = coordinator_client.post(
        reverse("cohorts:group_create", args=[cohort.pk]), {"name": "Groep 1"}
    )
    assert response.status_code == 200
    assert "Een coachgroep heeft een coach nodig." in response.content.decode()
    assert not CoachGroup.objects.exists()


def test_assigning_a_coach_gives_their_login_the_coach_role():
    user = UserFactory(roles=[Role.VOLUNTEER])
    coach = PersonFactory(user=user)
    expert = PersonFactory()  # no login: nothing to grant
    group = group_create(
        cohort=CohortFactory(), fields={"name": "Groep 1", "coach": coach, "expert": expert}
    )
    user.refresh_from_db()
    assert user.has_role(Role.COACH, Role.VOLUNTEER)
    assert set(user.roles) == {Role.COACH, Role.VOLUNTEER}
    assert group.leaders() == [("coach", coach), ("expert", expert)]


def test_one_person_holds_one_role_in_a_group():
    person = leader()
    form = CoachGroupForm(data={"name": "Groep 1", "coach": person.pk, "expert": person.pk})
    assert not form.is_valid()
    with pytest.raises(ValidationError, match="één rol"):
        group_create(
            cohort=CohortFactory(),
            fields={"name": "Groep 1", "coach": person, "assistant_coach": person},
        )


def test_a_participant_cannot_lead_a_group_in_their_own_cohort():
    cohort = CohortFactory()
    buddy = enrol(cohort, role=Enrolment.Role.BUDDY)
    with pytest.raises(ValidationError, match="doet mee"):
        group_create(cohort=cohort, fields={"name": "Groep 1", "coach": buddy.person})


def test_two_groups_in_a_cohort_cannot_share_a_name():
    group = CoachGroupFactory(name="Groep Noord")
    with pytest.raises(ValidationError) as refused:
        group_create(cohort=group.cohort, fields={"name": "groep noord", "coach": leader()})
    assert "name" in refused.value.message_dict


def test_members_come_from_the_groups_cohort_only():
    group = CoachGroupFactory()
    own = enrol(group.cohort)
    stranger = enrol(CohortFactory())
    with pytest.raises(ValidationError):
        group_members_set(group=group, enrolments=[own, stranger])
    group_members_set(group=group, enrolments=[own])
    assert list(group.members.all()) == [own]


def test_dividing_spreads_newcomers_and_buddies_evenly_over_the_groups():
    cohort = CohortFactory()
    groups = [CoachGroupFactory(cohort=cohort, name=f"Groep {n}") for n in (1, 2, 3)]
    for _ in range(7):
        enrol(cohort, role=Enrolment.Role.NEWCOMER)
    for _ in range(8):
        enrol(cohort, role=Enrolment.Role.BUDDY)

    assert groups_distribute(cohort=cohort) == 15

    for role, sizes in ((Enrolment.Role.NEWCOMER, [2, 2, 3]), (Enrolment.Role.BUDDY, [2, 3, 3])):
        counts = sorted(g.members.filter(role=role).count() for g in groups)
        assert counts == sizes
    assert groups_distribute(cohort=cohort) == 0


def test_changing_the_coach_moves_the_coming_sessions_to_the_new_coach():
    group = CoachGroupFactory()
    past = group_session(group, starts_at=timezone.now() - timedelta(days=7))
    coming = group_session(group, starts_at=timezone.now() + timedelta(days=7))
    old_coach, new_coach = group.coach, leader()

    group_update(group=group, fields={"coach": new_coach})

    assert list(coming.leaders.all()) == [new_coach]
    assert list(past.leaders.all()) == [old_coach]
    assert SessionLeader.objects.filter(session=coming, role="coach").count() == 1
