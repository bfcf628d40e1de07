"""Forgetting people: anonymisation on request (right to erasure) and after the retention period.

Anonymising keeps what the figures need (statuses and their dates, municipality, target group,
language level, scores, enrolments and matches) and erases what identifies or describes a person:
names, contact details, address, free-text notes and the audit trail that still holds them. Other
apps erase their own notes about the person through ``register_anonymiser``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import (
    Buddy,
    Consent,
    Evaluation,
    HealthAssessment,
    Newcomer,
    Person,
    StatusChange,
)
from participants.search import search_text_for
from participants.vocab import GOAL_FIELDS
from vvsite.services import user_erase

logger = logging.getLogger(__name__)

Anonymiser = Callable[[Person], None]
_anonymisers: list[Anonymiser] = []

#: Statuses in which a profile is finished with: only then may its person be anonymised.
FINAL_NEWCOMER = (Newcomer.Status.COMPLETED, Newcomer.Status.STOPPED)
FINAL_BUDDY = (Buddy.Status.INACTIVE,)

NEWCOMER_TEXT = (
    "intake_notes",
    "household_notes",
    "education_background",
    "work_background",
    *GOAL_FIELDS,
    "buddy_wishes",
)
BUDDY_TEXT = (
    "intake_notes",
    "profession",
    "expertise",
    "motivation",
    "preferences",
    "training_notes",
)


def register_anonymiser(anonymiser: Anonymiser) -> None:
    """Let an app erase what it keeps about a person (call from ``AppConfig.ready``)."""
    if anonymiser not in _anonymisers:
        _anonymisers.append(anonymiser)


def anonymise_blockers(person: Person) -> list[str]:
    """Why ``person`` cannot be anonymised now (empty when they can)."""
    blockers = []
    newcomer = Newcomer.objects.filter(pk=person.pk).first()
    if newcomer is not None and newcomer.status not in FINAL_NEWCOMER:
        blockers.append(
            _("As a newcomer they are “%(status)s”: complete or stop that first.")
            % {"status": newcomer.get_status_display()}
        )
    buddy = Buddy.objects.filter(pk=person.pk).first()
    if buddy is not None and buddy.status not in FINAL_BUDDY:
        blockers.append(
            _("As a buddy they are “%(status)s”: make them inactive first.")
            % {"status": buddy.get_status_display()}
        )
    return blockers


def _forget_history(model, **lookup) -> None:
    model.history.filter(**lookup).delete()


@transaction.atomic
def person_anonymise(*, person: Person, by=None) -> Person:
    """Erase what identifies ``person``; keep what the figures need. Cannot be undone."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_on is not None:
        raise ValidationError(_("This person has been anonymised already."))
    blockers = anonymise_blockers(person)
    if blockers:
        raise ValidationError(blockers)

    for anonymiser in _anonymisers:  # while the person still has their login and their data
        anonymiser(person)

    user, person.user = person.user, None
    _erase_identity(person)
    _erase_free_texts(person)
    _forget_history_of(person)
    if user is not None:
        _forget_login(user)
    logger.info("Person %s anonymised by user %s", person.pk, getattr(by, "pk", None))
    return person


def _erase_identity(person: Person) -> None:
    """Blank the person's names and contact details; keep the birth year for age groups."""
    person.given_names = _("Anonymised person %(number)s") % {"number": person.pk}
    for name in ("family_name", "native_name", "preferred_name", "phone", "email", "street"):
        setattr(person, name, "")
    person.postcode = ""
    person.place = ""
    person.notes = ""
    person.interests = []
    if person.birth_date is not None:  # the year stays, for age groups in the figures
        person.birth_date = datetime.date(person.birth_date.year, 7, 1)
    person.anonymised_on = timezone.localdate()
    person.search_text = search_text_for(person)
    Person.objects.filter(pk=person.pk).update(
        **{
            name: getattr(person, name)
            for name in (
                "given_names",
                "family_name",
                "native_name",
                "preferred_name",
                "phone",
                "email",
                "street",
                "postcode",
                "place",
                "notes",
                "interests",
                "birth_date",
                "anonymised_on",
                "search_text",
            )
        },
        user=None,
    )


def _erase_free_texts(person: Person) -> None:
    """Blank what was written about the person in their profiles, statuses and assessments."""
    Newcomer.objects.filter(pk=person.pk).update(
        **dict.fromkeys(NEWCOMER_TEXT, ""), children_ages=[], referrer_contact=None
    )
    Buddy.objects.filter(pk=person.pk).update(**dict.fromkeys(BUDDY_TEXT, ""))
    StatusChange.objects.filter(person=person).update(note="")
    Consent.objects.filter(person=person).update(withdrawal_note="")
    HealthAssessment.objects.filter(person=person).update(notes="")
    Evaluation.objects.filter(person=person).update(went_well="", could_improve="")


def _forget_history_of(person: Person) -> None:
    """The audit trail holds the old values: it goes too."""
    _forget_history(Person, id=person.pk)
    _forget_history(Newcomer, person_id=person.pk)
    _forget_history(Buddy, person_id=person.pk)
    for model in (Consent, HealthAssessment, Evaluation):
        if hasattr(model, "history"):
            _forget_history(model, person_id=person.pk)


def _forget_login(user) -> None:
    user_erase(user=user)


def retention_due(*, today: datetime.date | None = None):
    """People whose every profile has been finished with for longer than the retention period,
    without a login in use: the retention task anonymises them."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=round(365.25 * settings.RETENTION_YEARS)),
            datetime.time.min,
        )
    )
    people = Person.objects.filter(anonymised_on__isnull=True).exclude(user__is_active=True)
    people = people.exclude(newcomer__isnull=True, buddy__isnull=True)
    people = people.exclude(
        newcomer__isnull=False, newcomer__status__in=_not(FINAL_NEWCOMER, Newcomer)
    )
    people = people.exclude(buddy__isnull=False, buddy__status__in=_not(FINAL_BUDDY, Buddy))
    people = people.exclude(newcomer__status_changed_at__gte=cutoff)
    people = people.exclude(buddy__status_changed_at__gte=cutoff)
    return people


def _not(final: tuple, model) -> list[str]:
    return [status for status in model.Status.values if status not in final]


def retention_apply(*, today: datetime.date | None = None, limit: int = 500) -> int:
    """Anonymise the people past the retention period. Returns how many."""
    done = 0
    for person in retention_due(today=today)[:limit]:
        person_anonymise(person=person)
        done += 1
    return done
