"""Coach groups: their leaders and members."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import CoachGroup, Cohort, Enrolment, Session, SessionLeader
from cohorts.services.common import cohort_ensure_open
from vvsite.models import Role
from vvsite.services import role_grant

GROUP_FIELDS = ("name", "coach", "assistant_coach", "expert", "location")
LEADER_ROLES = (
    SessionLeader.Role.COACH,
    SessionLeader.Role.ASSISTANT_COACH,
    SessionLeader.Role.EXPERT,
)


def _check_leaders(group: CoachGroup) -> None:
    if group.coach_id is None:
        raise ValidationError({"coach": _("A coach group needs a coach.")})
    chosen = [pk for pk in (group.coach_id, group.assistant_coach_id, group.expert_id) if pk]
    if len(chosen) != len(set(chosen)):
        raise ValidationError(_("One person can hold only one role in a group."))
    participant = (
        Enrolment.objects.filter(cohort_id=group.cohort_id, person_id__in=chosen)
        .exclude(status=Enrolment.Status.LEFT)
        .select_related("person")
        .first()
    )
    if participant is not None:
        raise ValidationError(
            _("%(name)s takes part in this cohort and cannot lead a group in it.")
            % {"name": participant.person}
        )
    same_name = CoachGroup.objects.filter(cohort_id=group.cohort_id, name__iexact=group.name)
    if same_name.exclude(pk=group.pk).exists():
        raise ValidationError({"name": _("This cohort already has a group with this name.")})


def _grant_coach_role(group: CoachGroup) -> None:
    """Leaders with a login get the coach role, so that they see their group."""
    for _role, person in group.leaders():
        if person.user_id and person.user.is_active:
            role_grant(user=person.user, role=Role.COACH)


def _sync_group_leaders(group: CoachGroup) -> None:
    """The group's coming sessions are led by its current leaders."""
    coming = group.sessions.filter(starts_at__gte=timezone.now(), status=Session.Status.PLANNED)
    SessionLeader.objects.filter(session__in=coming, role__in=LEADER_ROLES).delete()
    leaders = group.leaders()
    SessionLeader.objects.bulk_create(
        [
            SessionLeader(session=session, person=person, role=role)
            for session in coming
            for role, person in leaders
        ],
        ignore_conflicts=True,
    )


def _save_group(group: CoachGroup, by) -> CoachGroup:
    _check_leaders(group)
    group.full_clean(validate_constraints=False)
    group._history_user = by
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as exc:  # the database's own rules, when two requests race
        raise ValidationError(
            _("This group could not be saved: check its name and leaders.")
        ) from exc
    _grant_coach_role(group)
    return group


@transaction.atomic
def group_create(*, cohort: Cohort, fields: Mapping, by=None) -> CoachGroup:
    """A coach group in ``cohort``, led by a coach (required), an assistant coach and an
    experienced expert."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    cohort_ensure_open(cohort)
    group = CoachGroup(cohort=cohort)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    return _save_group(group, by)


@transaction.atomic
def group_update(*, group: CoachGroup, fields: Mapping, by=None) -> CoachGroup:
    """Change a group's name, leaders or place; its coming sessions follow the new leaders."""
    locked = CoachGroup.objects.select_for_update().select_related("cohort").get(pk=group.pk)
    cohort_ensure_open(locked.cohort)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _save_group(locked, by)
    _sync_group_leaders(locked)
    return locked


@transaction.atomic
def group_members_set(*, group: CoachGroup, enrolments: Iterable[Enrolment], by=None) -> int:
    """The members of a group: participants of its cohort; someone in another group moves.
    Returns how many members the group has."""
    wanted = {e.pk for e in enrolments}
    allowed = set(
        Enrolment.objects.filter(cohort_id=group.cohort_id, pk__in=wanted)
        .exclude(status=Enrolment.Status.LEFT)
        .values_list("pk", flat=True)
    )
    if wanted - allowed:
        raise ValidationError(_("Only participants of this cohort can be members of its groups."))
    Enrolment.objects.filter(group=group).exclude(pk__in=wanted).update(group=None)
    Enrolment.objects.filter(pk__in=wanted).update(group=group)
    return len(wanted)


@transaction.atomic
def groups_distribute(*, cohort: Cohort, by=None) -> int:
    """Divide the participants who have no group yet over the cohort's groups, so that each
    group gets about as many newcomers and as many buddies. Returns how many were placed."""
    groups = list(CoachGroup.objects.select_for_update().filter(cohort=cohort).order_by("name"))
    if not groups:
        raise ValidationError(_("Form the coach groups first."))
    members = cohort.enrolments.exclude(status=Enrolment.Status.LEFT)
    load = {(group.pk, role): 0 for group in groups for role in Enrolment.Role.values}
    for group_id, role in members.filter(group__isnull=False).values_list("group_id", "role"):
        if (group_id, role) in load:
            load[group_id, role] += 1
    unplaced = list(members.filter(group__isnull=True).order_by("role", "slot", "pk"))
    for enrolment in unplaced:
        group = min(
            groups,
            key=lambda g: (
                load[g.pk, enrolment.role],
                sum(load[g.pk, role] for role in Enrolment.Role.values),
            ),
        )
        enrolment.group = group
        load[group.pk, enrolment.role] += 1
    Enrolment.objects.bulk_update(unplaced, ["group"], batch_size=500)
    return len(unplaced)


@transaction.atomic
def group_delete(*, group: CoachGroup, by=None) -> None:
    """Remove a group that has no sessions yet; its members are left without a group."""
    if group.sessions.exists():
        raise ValidationError(
            _("This group has sessions. Cancel or move them before removing the group.")
        )
    Enrolment.objects.filter(group=group).update(group=None)
    group.delete()
