"""Reads for the intake pages: querysets chosen per page, so a page's query count never grows
with its rows, and the person timeline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import (
    Buddy,
    Consent,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)
from participants.vocab import LANGUAGES, DayPart, Interest, Sector, labels
from vvsite.history import Change, history_entries

# Coordinators and administrators see everyone; the scope exists so that a later rule (a
# coordinator per municipality, a second organisation) changes one place.


def people_visible_to(user) -> QuerySet[Person]:
    return Person.objects.all()


def newcomers_visible_to(user) -> QuerySet[Newcomer]:
    return Newcomer.objects.select_related(
        "person",
        "person__municipality",
        "person__neighbourhood",
        "referrer",
    )


def buddies_visible_to(user) -> QuerySet[Buddy]:
    return Buddy.objects.select_related("person", "person__municipality", "person__neighbourhood")


def organisations_visible_to(user) -> QuerySet[Organisation]:
    return Organisation.objects.select_related("municipality")


def municipalities_visible_to(user) -> QuerySet[Municipality]:
    return Municipality.objects.annotate(people_count=Count("people")).prefetch_related(
        Prefetch(
            "neighbourhoods",
            queryset=Neighbourhood.objects.annotate(people_count=Count("people")).order_by("name"),
        )
    )


def waiting_list(user) -> QuerySet[Newcomer]:
    """Newcomers waiting for a place: highest priority first, then who registered first;
    ``position`` numbers them in that order."""
    order = ("priority", "registered_on", "pk")
    return (
        newcomers_visible_to(user)
        .filter(status=Newcomer.Status.WAITING)
        .annotate(position=Window(RowNumber(), order_by=[F(field) for field in order]))
        .order_by(*order)
    )


def person_for_page(user, pk: int) -> QuerySet[Person]:
    """The person with everything their page shows, in one query."""
    return people_visible_to(user).select_related(
        "municipality",
        "neighbourhood",
        "neighbourhood__municipality",
        "user",
        "newcomer",
        "newcomer__referrer",
        "newcomer__referrer_contact",
        "newcomer__intake_by",
        "buddy",
        "buddy__intake_by",
    )


def profile_of(person: Person, attr: str):
    """``person.newcomer`` or ``person.buddy``, or None when the person has no such profile."""
    try:
        return getattr(person, attr)
    except (Newcomer.DoesNotExist, Buddy.DoesNotExist):
        return None


def active_consents(person: Person) -> dict[str, Consent]:
    return {
        consent.kind: consent for consent in person.consents.all() if consent.withdrawn_on is None
    }


def home_counts(user) -> dict[str, int]:
    """What a coordinator's start page shows, in one query per table."""
    newcomers = Newcomer.objects.aggregate(
        waiting=Count("pk", filter=Q(status=Newcomer.Status.WAITING)),
        to_review=Count("pk", filter=Q(status=Newcomer.Status.REGISTERED)),
    )
    buddies = Buddy.objects.aggregate(
        to_review=Count("pk", filter=Q(status=Buddy.Status.REGISTERED)),
        available=Count("pk", filter=Q(status=Buddy.Status.AVAILABLE)),
        awaiting_vog=Count(
            "pk",
            filter=Q(
                status=Buddy.Status.INTAKE_DONE,
                vog_requested_on__isnull=False,
                vog_received_on__isnull=True,
            ),
        ),
    )
    return {
        "waiting": newcomers["waiting"],
        "newcomers_to_review": newcomers["to_review"],
        "buddies_to_review": buddies["to_review"],
        "buddies_available": buddies["available"],
        "buddies_awaiting_vog": buddies["awaiting_vog"],
    }


# --- The person timeline --------------------------------------------------------------------------


@dataclass
class TimelineEvent:
    when: datetime
    kind: str  # status, intake, consent, health, evaluation, change
    icon: str
    title: str
    detail: str = ""
    who: str = ""
    date_only: bool = False
    changes: list[Change] = field(default_factory=list)


def _on(day: date) -> datetime:
    """A date as a moment, for sorting among timestamps (midday, local time)."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _status_field_names() -> set[str]:
    """The (translated) names of the fields whose changes the status events already tell."""
    return {
        str(Newcomer._meta.get_field(name).verbose_name)
        for name in ("status", "status_changed_at", "stop_reason")
    }


def person_timeline(person: Person, *, newcomer=None, buddy=None) -> list[TimelineEvent]:
    """Everything that happened to a person, newest first: status changes, intake
    conversations, consent, assessments and every change to their data (the audit trail)."""
    events = [
        *_status_events(person),
        *_intake_events(newcomer, buddy),
        *_consent_events(person),
        *_assessment_events(person),
    ]
    events += _audit_events(person, _("Personal data"))
    if newcomer is not None:
        events += _audit_events(newcomer, _("Newcomer"))
    if buddy is not None:
        events += _audit_events(buddy, _("Buddy"))
    events.sort(key=lambda event: event.when, reverse=True)
    return events


def _status_events(person: Person) -> Iterator[TimelineEvent]:
    for change in person.status_changes.select_related("by"):
        profile = change.get_profile_display()
        detail = change.reason_label() if change.reason else ""
        if change.note:
            detail = f"{detail} · {change.note}" if detail else change.note
        yield TimelineEvent(
            when=change.at,
            kind="status",
            icon="signpost",
            title=f"{profile}: {change.to_label()}",
            detail=detail,
            who=str(change.by or _("system")),
        )


def _intake_events(newcomer, buddy) -> Iterator[TimelineEvent]:
    for profile, label in ((newcomer, _("Newcomer")), (buddy, _("Buddy"))):
        if profile is not None and profile.intake_date:
            yield TimelineEvent(
                when=_on(profile.intake_date),
                kind="intake",
                icon="chat-left-text",
                title=_("Intake conversation (%(profile)s)") % {"profile": label.lower()},
                who=str(profile.intake_by or ""),
                date_only=True,
            )


def _consent_events(person: Person) -> Iterator[TimelineEvent]:
    for consent in person.consents.select_related("recorded_by", "withdrawn_by"):
        yield TimelineEvent(
            when=_on(consent.given_on),
            kind="consent",
            icon="check2-square",
            title=_("Consent given: %(kind)s") % {"kind": consent.get_kind_display()},
            detail=consent.get_method_display(),
            who=str(consent.recorded_by or ""),
            date_only=True,
        )
        if consent.withdrawn_on:
            yield TimelineEvent(
                when=_on(consent.withdrawn_on),
                kind="consent",
                icon="x-square",
                title=_("Consent withdrawn: %(kind)s") % {"kind": consent.get_kind_display()},
                detail=consent.withdrawal_note,
                who=str(consent.withdrawn_by or ""),
                date_only=True,
            )


def _assessment_events(person: Person) -> Iterator[TimelineEvent]:
    """Positive Health assessments and end-of-programme evaluations."""
    for assessment in person.health_assessments.select_related("recorded_by"):
        yield TimelineEvent(
            when=_on(assessment.assessed_on),
            kind="health",
            icon="heart-pulse",
            title=_("Positive Health: %(moment)s") % {"moment": assessment.get_moment_display()},
            detail=_("average %(score)s") % {"score": assessment.average},
            who=str(assessment.recorded_by or ""),
            date_only=True,
        )
    for evaluation in person.evaluations.select_related("recorded_by"):
        yield TimelineEvent(
            when=_on(evaluation.evaluated_on),
            kind="evaluation",
            icon="clipboard-check",
            title=_("End-of-programme evaluation"),
            who=str(evaluation.recorded_by or ""),
            date_only=True,
        )


def _audit_events(obj, label: str) -> list[TimelineEvent]:
    events = []
    status_fields = _status_field_names()
    for entry in history_entries(obj):
        changes = [change for change in entry.changes if change.field not in status_fields]
        if entry.changes and not changes:
            continue  # a status change, told by its own event
        title = (
            _("%(what)s recorded") % {"what": label}
            if not entry.changes and entry.kind == str(_("created"))
            else _("%(what)s changed") % {"what": label}
        )
        events.append(
            TimelineEvent(
                when=entry.when,
                kind="change",
                icon="pencil",
                title=title,
                detail=entry.reason,
                who=entry.who,
                changes=changes,
            )
        )
    _name_values(type(obj), [change for event in events for change in event.changes])
    return events


#: Lists of codes, shown with their names.
_CODE_LISTS = {
    "languages": LANGUAGES,
    "interests": dict(Interest.choices),
    "availability": dict(DayPart.choices),
    "expertise_sectors": dict(Sector.choices),
}


def _name_values(model, changes: list[Change]) -> None:
    """Show related records and codes by name (the audit trail stores keys): one query per
    related table, however many changes."""
    fields = {
        str(field.verbose_name): field
        for field in model._meta.concrete_fields
        if field.many_to_one or field.name in _CODE_LISTS
    }
    wanted: dict[type, set[str]] = defaultdict(set)
    for change in changes:
        field = fields.get(change.field)
        if field is not None and field.many_to_one:
            wanted[field.related_model].update(
                value for value in (change.old, change.new) if value.isdigit()
            )
    names = {
        related: {str(pk): str(row) for pk, row in related.objects.in_bulk(pks).items()}
        for related, pks in wanted.items()
    }
    for change in changes:
        field = fields.get(change.field)
        if field is None:
            continue
        if field.many_to_one:
            lookup = names.get(field.related_model, {})
            change.old = lookup.get(change.old, change.old)
            change.new = lookup.get(change.new, change.new)
        else:
            codes = _CODE_LISTS[field.name]
            change.old = labels(_codes(change.old), codes) or change.old
            change.new = labels(_codes(change.new), codes) or change.new


def _codes(text: str) -> list[str]:
    return [code for code in text.split(", ") if code and code != "\N{EN DASH}"]
