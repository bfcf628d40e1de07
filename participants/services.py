"""Every write about people, organisations, consent and assessments.

Views, the import, the public form, tasks and the demo data all call these functions, so each rule
lives once. They are atomic, take keyword arguments, validate the whole record (``full_clean``) and
raise ``ValidationError`` with a Dutch message when a rule says no. Each write records who made it
in the audit trail (django-simple-history), also outside a web request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import (
    Buddy,
    Consent,
    Evaluation,
    HealthAssessment,
    Newcomer,
    Organisation,
    Person,
    StatusChange,
)
from participants.search import normalise, search_text_for
from vvsite.history import acting_user
from vvsite.jobs import task_send_on_commit

#: status -> the statuses a newcomer may go to from there.
NEWCOMER_FLOW: dict[str, tuple[str, ...]] = {
    Newcomer.Status.REGISTERED: (Newcomer.Status.INTAKE_DONE, Newcomer.Status.STOPPED),
    Newcomer.Status.INTAKE_DONE: (Newcomer.Status.WAITING, Newcomer.Status.STOPPED),
    Newcomer.Status.WAITING: (Newcomer.Status.PLACED, Newcomer.Status.STOPPED),
    Newcomer.Status.PLACED: (
        Newcomer.Status.ACTIVE,
        Newcomer.Status.WAITING,
        Newcomer.Status.STOPPED,
    ),
    Newcomer.Status.ACTIVE: (Newcomer.Status.COMPLETED, Newcomer.Status.STOPPED),
    Newcomer.Status.COMPLETED: (),
    Newcomer.Status.STOPPED: (Newcomer.Status.REGISTERED,),
}

#: status -> the statuses a buddy may go to from there.
BUDDY_FLOW: dict[str, tuple[str, ...]] = {
    Buddy.Status.REGISTERED: (Buddy.Status.INTAKE_DONE, Buddy.Status.INACTIVE),
    Buddy.Status.INTAKE_DONE: (Buddy.Status.AVAILABLE, Buddy.Status.INACTIVE),
    Buddy.Status.AVAILABLE: (Buddy.Status.MATCHED, Buddy.Status.INACTIVE),
    Buddy.Status.MATCHED: (Buddy.Status.AVAILABLE, Buddy.Status.INACTIVE),
    Buddy.Status.INACTIVE: (Buddy.Status.REGISTERED, Buddy.Status.AVAILABLE),
}


def _save(obj: Model, *, by=None, reason: str = "", clean: bool = True) -> Model:
    """Validate the whole record, then save it with its author and reason in the audit trail.

    The database enforces the check constraints itself; field validators state the same ranges
    with a Dutch message, so a per-constraint query here would only slow imports down."""
    if clean:
        obj.full_clean(validate_constraints=False)
    if by is not None:
        obj._history_user = by
    if reason:
        obj._change_reason = reason
    obj.save()
    return obj


def _assign(obj: Model, fields: Mapping) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# --- People ------------------------------------------------------------------------------------


def person_prepare(person: Person) -> Person:
    """Bring the derived fields up to date: lower-cased e-mail and the search text."""
    person.email = (person.email or "").strip().lower()
    person.search_text = search_text_for(person)
    return person


@transaction.atomic
def person_save(*, person: Person, fields: Mapping | None = None, by=None, reason="") -> Person:
    """Create or change a person."""
    _assign(person, fields or {})
    # First, because it normalises the postcode that the search text includes.
    person.full_clean(validate_constraints=False)
    person_prepare(person)
    return _save(person, by=by, reason=reason, clean=False)


def person_duplicates(
    *,
    given_names: str = "",
    family_name: str = "",
    birth_date=None,
    phone=None,
    email: str = "",
    exclude_pk: int | None = None,
) -> list[Person]:
    """People who are probably the same human: same name and date of birth, or same phone, or
    same e-mail address. Names are compared without case and accents."""
    candidates: dict[int, Person] = {}
    queryset = Person.objects.exclude(pk=exclude_pk) if exclude_pk else Person.objects.all()
    if birth_date and given_names:
        name = normalise(f"{given_names} {family_name}")
        for person in queryset.filter(birth_date=birth_date):
            if normalise(f"{person.given_names} {person.family_name}") == name:
                candidates[person.pk] = person
    if phone:
        candidates.update((person.pk, person) for person in queryset.filter(phone=phone))
    if email:
        candidates.update(
            (person.pk, person) for person in queryset.filter(email=email.strip().lower())
        )
    return sorted(candidates.values(), key=lambda person: person.pk)


# --- Profiles and their workflow ---------------------------------------------------------------


def _record_status(*, person: Person, profile: str, old: str, new: str, by, reason="", note=""):
    return StatusChange.objects.create(
        person=person,
        profile=profile,
        from_status=old,
        to_status=new,
        reason=reason,
        note=note,
        by=acting_user(by),
    )


@transaction.atomic
def newcomer_register(
    *, person: Person, fields: Mapping | None = None, by=None, person_fields: Mapping | None = None
) -> Newcomer:
    """Register a newcomer: a new person, or a person the records already hold (a former buddy).
    The newcomer starts as *registered*."""
    if person.pk is None or person_fields:
        person_save(person=person, fields=person_fields, by=by)
    if Newcomer.objects.filter(pk=person.pk).exists():
        raise ValidationError(_("This person is already registered as a newcomer."))
    newcomer = Newcomer(person=person, status=Newcomer.Status.REGISTERED)
    _assign(newcomer, fields or {})
    _save(newcomer, by=by, reason=_("Registered"))
    _record_status(person=person, profile="newcomer", old="", new=Newcomer.Status.REGISTERED, by=by)
    return newcomer


@transaction.atomic
def buddy_register(
    *,
    person: Person,
    fields: Mapping | None = None,
    by=None,
    person_fields: Mapping | None = None,
    source: str = Buddy.Source.COORDINATOR,
) -> Buddy:
    """Register a buddy: a new person or one the records already hold (a former newcomer who
    now volunteers). The buddy starts as *registered*, for a coordinator to review."""
    if person.pk is None or person_fields:
        person_save(person=person, fields=person_fields, by=by)
    if Buddy.objects.filter(pk=person.pk).exists():
        raise ValidationError(_("This person is already registered as a buddy."))
    buddy = Buddy(person=person, status=Buddy.Status.REGISTERED, source=source)
    _assign(buddy, fields or {})
    _save(buddy, by=by, reason=_("Registered"))
    _record_status(person=person, profile="buddy", old="", new=Buddy.Status.REGISTERED, by=by)
    return buddy


@transaction.atomic
def newcomer_update(*, newcomer: Newcomer, fields: Mapping, by=None, reason="") -> Newcomer:
    _assign(newcomer, fields)
    return _save(newcomer, by=by, reason=reason)


@transaction.atomic
def buddy_update(*, buddy: Buddy, fields: Mapping, by=None, reason="") -> Buddy:
    _assign(buddy, fields)
    return _save(buddy, by=by, reason=reason)


def _transition_guard_newcomer(newcomer: Newcomer, to: str) -> None:
    if to == Newcomer.Status.INTAKE_DONE:
        if newcomer.intake_date is None:
            raise ValidationError(_("Record the intake conversation first."))
        if not has_consent(newcomer.person, Consent.Kind.PROCESSING):
            raise ValidationError(
                _(
                    "The intake can only be completed once the newcomer has agreed to the "
                    "processing of their data."
                )
            )


def _transition_guard_buddy(buddy: Buddy, to: str) -> None:
    if to == Buddy.Status.INTAKE_DONE and buddy.intake_date is None:
        raise ValidationError(_("Record the intake conversation first."))
    if to == Buddy.Status.AVAILABLE:
        if buddy.intake_date is None:
            raise ValidationError(_("Record the intake conversation first."))
        if buddy.vog_received_on is None:
            raise ValidationError(
                _(
                    "A buddy can only become available once their certificate of conduct (VOG) "
                    "has been received."
                )
            )


@dataclass(frozen=True)
class _Flow:
    model: type[Newcomer] | type[Buddy]
    profile: str
    steps: dict[str, tuple[str, ...]]
    guard: object


_FLOWS = {
    Newcomer: _Flow(Newcomer, "newcomer", NEWCOMER_FLOW, _transition_guard_newcomer),
    Buddy: _Flow(Buddy, "buddy", BUDDY_FLOW, _transition_guard_buddy),
}


@transaction.atomic
def _transition(profile, *, to: str, by, reason: str = "", note: str = "", expected: str = ""):
    flow = _FLOWS[type(profile)]
    # Lock the row: two coordinators pressing a button at once must not both move it.
    locked = flow.model.objects.select_for_update().select_related("person").get(pk=profile.pk)
    if expected and locked.status != expected:
        raise ValidationError(
            _("The status was changed by someone else in the meantime. Check it and try again.")
        )
    if to not in flow.steps.get(locked.status, ()):
        raise ValidationError(
            _("From “%(old)s” the status cannot go to “%(new)s”.")
            % {
                "old": locked.get_status_display(),
                "new": dict(flow.model.Status.choices).get(to, to),
            }
        )
    if flow.model is Newcomer:
        if to == Newcomer.Status.STOPPED and reason not in Newcomer.StopReason.values:
            raise ValidationError({"reason": _("Give the reason for stopping.")})
        locked.stop_reason = reason if to == Newcomer.Status.STOPPED else ""
    flow.guard(locked, to)
    old = locked.status
    locked.status = to
    locked.status_changed_at = timezone.now()
    label = str(dict(flow.model.Status.choices)[to])
    _save(locked, by=by, reason=f"{label}: {note}" if note else label)
    _record_status(
        person=locked.person,
        profile=flow.profile,
        old=old,
        new=to,
        by=by,
        reason=reason if to == Newcomer.Status.STOPPED else "",
        note=note,
    )
    profile.status = locked.status
    return locked


def newcomer_transition(
    *, newcomer: Newcomer, to: str, by, reason: str = "", note: str = "", expected: str = ""
) -> Newcomer:
    """Move a newcomer along registered → intake done → waiting list → placed → active →
    completed, or to stopped (with a reason). Cohorts call this when they place someone."""
    return _transition(newcomer, to=to, by=by, reason=reason, note=note, expected=expected)


def buddy_transition(*, buddy: Buddy, to: str, by, note: str = "", expected: str = "") -> Buddy:
    """Move a buddy along registered → intake done → available → matched → inactive.
    Matching calls this when a match starts or ends."""
    return _transition(buddy, to=to, by=by, note=note, expected=expected)


def newcomer_next_steps(newcomer: Newcomer) -> tuple[str, ...]:
    return NEWCOMER_FLOW.get(newcomer.status, ())


def buddy_next_steps(buddy: Buddy) -> tuple[str, ...]:
    return BUDDY_FLOW.get(buddy.status, ())


@transaction.atomic
def newcomer_intake_record(
    *,
    newcomer: Newcomer,
    fields: Mapping,
    by,
    person_fields: Mapping | None = None,
    consents: Iterable[str] = (),
    consent_method: str = Consent.Method.SIGNED_FORM,
    health: Mapping | None = None,
) -> Newcomer:
    """Record the intake conversation: the intake fields, the consents given, the baseline
    health assessment. A registered newcomer then moves to *intake done*."""
    if person_fields:
        person_save(person=newcomer.person, fields=person_fields, by=by)
    for kind in consents:
        if not has_consent(newcomer.person, kind):
            consent_give(person=newcomer.person, kind=kind, method=consent_method, by=by)
    fields = {"intake_by": by, **fields} if not newcomer.intake_by_id else dict(fields)
    fields.setdefault("intake_date", newcomer.intake_date or timezone.localdate())
    newcomer_update(newcomer=newcomer, fields=fields, by=by, reason=_("Intake conversation"))
    if health:
        health_assessment_add(
            person=newcomer.person,
            fields={"moment": HealthAssessment.Moment.INTAKE, **health},
            by=by,
        )
    if newcomer.status == Newcomer.Status.REGISTERED:
        newcomer_transition(newcomer=newcomer, to=Newcomer.Status.INTAKE_DONE, by=by)
    return newcomer


@transaction.atomic
def buddy_intake_record(
    *,
    buddy: Buddy,
    fields: Mapping,
    by,
    person_fields: Mapping | None = None,
    consents: Iterable[str] = (),
    consent_method: str = Consent.Method.SIGNED_FORM,
) -> Buddy:
    """Record a buddy's intake conversation; a registered buddy then moves to *intake done*."""
    if person_fields:
        person_save(person=buddy.person, fields=person_fields, by=by)
    for kind in consents:
        if not has_consent(buddy.person, kind):
            consent_give(person=buddy.person, kind=kind, method=consent_method, by=by)
    fields = {"intake_by": by, **fields} if not buddy.intake_by_id else dict(fields)
    fields.setdefault("intake_date", buddy.intake_date or timezone.localdate())
    buddy_update(buddy=buddy, fields=fields, by=by, reason=_("Intake conversation"))
    if buddy.status == Buddy.Status.REGISTERED:
        buddy_transition(buddy=buddy, to=Buddy.Status.INTAKE_DONE, by=by)
    return buddy


# --- Consent -------------------------------------------------------------------------------------


def has_consent(person: Person, kind: str) -> bool:
    return person.consents.filter(kind=kind, withdrawn_on__isnull=True).exists()


@transaction.atomic
def consent_give(*, person: Person, kind: str, method: str, by=None, given_on=None) -> Consent:
    if person.consents.filter(kind=kind, withdrawn_on__isnull=True).exists():
        raise ValidationError(_("This consent has already been recorded."))
    consent = Consent(
        person=person,
        kind=kind,
        method=method,
        given_on=given_on or timezone.localdate(),
        recorded_by=acting_user(by),
    )
    return _save(consent, by=by)


@transaction.atomic
def consent_withdraw(*, consent: Consent, by=None, on=None, note: str = "") -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    on = on or timezone.localdate()
    if on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    consent.withdrawn_on = on
    consent.withdrawn_by = acting_user(by)
    consent.withdrawal_note = note
    return _save(consent, by=by, reason=_("Withdrawn"))


# --- Assessments ---------------------------------------------------------------------------------


@transaction.atomic
def health_assessment_add(*, person: Person, fields: Mapping, by=None) -> HealthAssessment:
    assessment = HealthAssessment(person=person, recorded_by=acting_user(by))
    _assign(assessment, fields)
    return _save(assessment, by=by)


@transaction.atomic
def evaluation_add(*, person: Person, fields: Mapping, by=None) -> Evaluation:
    evaluation = Evaluation(person=person, recorded_by=acting_user(by))
    _assign(evaluation, fields)
    return _save(evaluation, by=by)


# --- Organisations -------------------------------------------------------------------------------


@transaction.atomic
def organisation_save(*, organisation: Organisation, fields: Mapping | None = None, by=None):
    _assign(organisation, fields or {})
    organisation.email = (organisation.email or "").strip().lower()
    return _save(organisation, by=by)


@transaction.atomic
def municipality_save(*, municipality, fields: Mapping | None = None, by=None):
    _assign(municipality, fields or {})
    return _save(municipality, by=by)


@transaction.atomic
def neighbourhood_save(*, neighbourhood, fields: Mapping | None = None, by=None):
    _assign(neighbourhood, fields or {})
    return _save(neighbourhood, by=by)


@transaction.atomic
def contact_save(*, contact, fields: Mapping | None = None, by=None):
    _assign(contact, fields or {})
    contact.email = (contact.email or "").strip().lower()
    return _save(contact, by=by)


# --- The public sign-up form ---------------------------------------------------------------------


@transaction.atomic
def buddy_signup(*, fields: Mapping, language: str = "nl") -> Buddy:
    """A prospective buddy signed up on the website: a person, a *registered* buddy for a
    coordinator to review, their consent, and a confirmation e-mail once it is all saved."""
    person_names = (
        "given_names",
        "family_name",
        "birth_date",
        "gender",
        "email",
        "phone",
        "postcode",
        "municipality",
        "languages",
        "interests",
        "availability",
    )
    buddy = buddy_register(
        person=Person(),
        person_fields={name: fields[name] for name in person_names if name in fields},
        fields={
            "profession": fields.get("profession", ""),
            "recruitment_channel": fields.get("recruitment_channel", ""),
            "motivation": fields.get("motivation", ""),
        },
        source=Buddy.Source.PUBLIC_FORM,
    )
    consent_give(
        person=buddy.person, kind=Consent.Kind.PROCESSING, method=Consent.Method.ONLINE_FORM
    )
    task_send_on_commit(
        "participants.tasks.send_buddy_confirmation", buddy_pk=buddy.pk, language=language
    )
    return buddy
