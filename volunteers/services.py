"""Writes for hours. Views, tasks, the admin and demo data all go through these functions, so each
rule lives once. Every function is atomic and raises ``ValidationError`` with a Dutch message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from cohorts.selectors import cohorts_of, sessions_of
from matching.selectors import matches_of_buddy
from volunteers import rules
from volunteers.models import (
    ClosedPeriod,
    HourEntry,
    HourlyValue,
    HourNorm,
    HourSuggestion,
    ReminderSent,
    RoleKind,
    VolunteerProfile,
    VolunteerRole,
)
from volunteers.selectors import (
    COUNTED,
    local_today,
    role_kind_default,
    roles_of,
    volunteer_started_on,
)
from vvsite.models import Role

logger = logging.getLogger(__name__)


# --- Hour entries --------------------------------------------------------------------------------
def _closed_period(day: date) -> ClosedPeriod | None:
    return (
        ClosedPeriod.objects.filter(Q(month__isnull=True) | Q(month=day.month), year=day.year)
        .order_by("month")
        .first()
    )


def _refuse_if_closed(day: date, field: str | None = None) -> None:
    period = _closed_period(day)
    if period is not None:
        message = rules.closed_message(period.year, period.month)
        raise ValidationError({field: message} if field else message)


def _lock_volunteer(volunteer) -> None:
    """Serialise writes of one volunteer's hours: the daily cap is a sum no CHECK can hold."""
    get_user_model().objects.select_for_update().filter(pk=volunteer.pk).first()


def _check_entry(
    *, volunteer, day: date, hours: Decimal, role_kind: str, exclude_pk: int | None = None
) -> None:
    errors: dict[str, str] = {}
    problem = rules.hours_problem(hours)
    if problem:
        errors["hours"] = problem
    problem = rules.date_problem(
        day, today=local_today(), started_on=volunteer_started_on(volunteer)
    )
    if problem:
        errors["date"] = problem
    elif (period := _closed_period(day)) is not None:
        errors["date"] = rules.closed_message(period.year, period.month)
    held = roles_of(volunteer, day.year)
    if role_kind not in RoleKind.values or (held and role_kind not in held):
        errors["role_kind"] = _("Choose one of your roles in %(year)s.") % {"year": day.year}
    if errors:
        raise ValidationError(errors)
    same_day = HourEntry.objects.filter(volunteer=volunteer, date=day, status__in=COUNTED)
    if exclude_pk:
        same_day = same_day.exclude(pk=exclude_pk)
    already = same_day.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    problem = rules.day_total_problem(day, already=already, adding=Decimal(hours))
    if problem:
        raise ValidationError({"hours": problem})


def _links(volunteer, cohort, session, match=None):
    """The cohort, session and match an entry is for: the volunteer's own (a session brings its
    cohort)."""
    if match is not None and not matches_of_buddy(volunteer).filter(pk=match.pk).exists():
        raise ValidationError({"match": _("Choose one of your own matches.")})
    if cohort is None and session is None:
        return None, None
    if session is not None:
        if not sessions_of(volunteer).filter(pk=session.pk).exists():
            raise ValidationError({"session": _("Choose one of your own sessions.")})
        if cohort is None:
            cohort = session.cohort
        elif session.cohort_id != cohort.pk:
            raise ValidationError({"session": _("This session belongs to another cohort.")})
    if cohort is not None and not cohorts_of(volunteer).filter(pk=cohort.pk).exists():
        raise ValidationError({"cohort": _("Choose one of your own cohorts.")})
    return cohort, session


@dataclass(frozen=True)
class HourFields:
    """What a volunteer fills in for an hour entry, for ``hour_create`` and ``hour_update``."""

    date: date
    hours: Decimal
    activity: str
    role_kind: str | None = None
    note: str = ""
    cohort: Any = None
    session: Any = None
    match: Any = None


def _checked_fields(volunteer, fields: HourFields, exclude_pk=None) -> dict:
    """The entry's field values once the rules allow them; the role defaults from the activity."""
    role_kind = fields.role_kind or role_kind_default(
        activity=fields.activity, roles=roles_of(volunteer, fields.date.year)
    )
    _check_entry(
        volunteer=volunteer,
        day=fields.date,
        hours=fields.hours,
        role_kind=role_kind,
        exclude_pk=exclude_pk,
    )
    cohort, session = _links(volunteer, fields.cohort, fields.session, fields.match)
    return {
        "date": fields.date,
        "hours": Decimal(fields.hours),
        "activity": fields.activity,
        "role_kind": role_kind,
        "note": fields.note.strip(),
        "cohort": cohort,
        "session": session,
        "match": fields.match,
    }


@transaction.atomic
def hour_create(*, volunteer, fields: HourFields) -> HourEntry:
    """Log hours for ``volunteer``, optionally for one of their cohorts, sessions or matches;
    they wait for a coordinator's approval."""
    _lock_volunteer(volunteer)
    return HourEntry.objects.create(volunteer=volunteer, **_checked_fields(volunteer, fields))


def _own_open_entry(entry: HourEntry, by) -> HourEntry:
    """The entry locked for change, if ``by`` owns it and it is not yet approved."""
    if entry.volunteer_id != by.pk:
        raise PermissionDenied
    entry = HourEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == HourEntry.Status.APPROVED:
        raise ValidationError(_("These hours have been approved and can no longer be changed."))
    _refuse_if_closed(entry.date)
    return entry


@transaction.atomic
def hour_update(*, entry: HourEntry, by, fields: HourFields) -> HourEntry:
    """Change one's own entry until it is approved; a rejected entry is submitted again."""
    _lock_volunteer(by)
    entry = _own_open_entry(entry, by)
    for name, value in _checked_fields(by, fields, exclude_pk=entry.pk).items():
        setattr(entry, name, value)
    entry.status, entry.rejection_reason = HourEntry.Status.SUBMITTED, ""
    entry.reviewed_by, entry.reviewed_at = None, None
    entry.save()
    return entry


@transaction.atomic
def hour_delete(*, entry: HourEntry, by) -> None:
    entry = _own_open_entry(entry, by)
    entry.delete()


def _review(*, entry_ids, by, status: str, reason: str = "") -> int:
    entries = list(
        HourEntry.objects.select_for_update()
        .filter(pk__in=list(entry_ids), status=HourEntry.Status.SUBMITTED)
        .order_by("pk")
    )
    if any(entry.volunteer_id == by.pk for entry in entries):
        raise ValidationError(_("You cannot approve or reject your own hours."))
    for day in sorted({entry.date.replace(day=1) for entry in entries}):
        _refuse_if_closed(day)
    now = timezone.now()
    for entry in entries:
        entry.status, entry.rejection_reason = status, reason
        entry.reviewed_by, entry.reviewed_at = by, now
        entry._history_user = by
    bulk_update_with_history(
        entries,
        HourEntry,
        ["status", "rejection_reason", "reviewed_by", "reviewed_at"],
        batch_size=500,
        default_user=by,
    )
    return len(entries)


@transaction.atomic
def hours_approve(*, entry_ids, by) -> int:
    """Approve submitted entries; returns how many. Nothing changes if one lies in a closed
    period or belongs to ``by``."""
    return _review(entry_ids=entry_ids, by=by, status=HourEntry.Status.APPROVED)


@transaction.atomic
def hours_reject(*, entry_ids, by, reason: str) -> int:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give a reason, so the volunteer knows what to change.")}
        )
    return _review(entry_ids=entry_ids, by=by, status=HourEntry.Status.REJECTED, reason=reason)


# --- Periods, norms, value, roles ----------------------------------------------------------------
@transaction.atomic
def period_close(*, year: int, month: int | None, by) -> ClosedPeriod:
    if (
        ClosedPeriod.objects.filter(year=year)
        .filter(Q(month__isnull=True) | Q(month=month))
        .exists()
    ):
        raise ValidationError(
            _("%(period)s is already closed.")
            % {"period": rules.period_label(year, month).capitalize()}
        )
    last_day = (
        date(year, month % 12 + 1, 1) if month and month < 12 else date(year + 1, 1, 1)
    ) - timedelta(days=1)
    if last_day >= local_today():
        raise ValidationError(_("Only a period that has ended can be closed."))
    try:
        with transaction.atomic():
            return ClosedPeriod.objects.create(year=year, month=month, closed_by=by)
    except IntegrityError as exc:
        raise ValidationError(
            _("%(period)s is already closed.")
            % {"period": rules.period_label(year, month).capitalize()}
        ) from exc


@transaction.atomic
def period_reopen(*, period: ClosedPeriod, by) -> None:
    logger.info("Closed period %s reopened by user %s", period.pk, by.pk)
    period.delete()


@transaction.atomic
def year_settings_save(*, year: int, norms: dict[str, Decimal | None], euros: Decimal) -> None:
    """Store the norms and hourly value for ``year``; an empty norm removes the year's own figure
    (the default applies again)."""
    cleared = [kind for kind, hours in norms.items() if hours is None]
    HourNorm.objects.filter(year=year, kind__in=cleared).delete()
    HourNorm.objects.bulk_create(
        [
            HourNorm(year=year, kind=kind, hours=hours)
            for kind, hours in norms.items()
            if hours is not None
        ],
        update_conflicts=True,
        unique_fields=["year", "kind"],
        update_fields=["hours"],
    )
    HourlyValue.objects.update_or_create(year=year, defaults={"euros": euros})


@transaction.atomic
def volunteer_role_add(*, user, year: int, kind: str) -> VolunteerRole:
    if not user.has_role(Role.VOLUNTEER, Role.COACH):
        raise ValidationError(_("Only volunteers and coaches can hold a volunteer role."))
    role, _created = VolunteerRole.objects.get_or_create(user=user, year=year, kind=kind)
    return role


@transaction.atomic
def volunteer_role_remove(*, role: VolunteerRole) -> None:
    if HourEntry.objects.filter(
        volunteer_id=role.user_id, role_kind=role.kind, date__year=role.year
    ).exists():
        raise ValidationError(
            _("Hours have been logged in this role in %(year)s; it cannot be removed.")
            % {"year": role.year}
        )
    role.delete()


@transaction.atomic
def profile_update(*, user, **fields) -> VolunteerProfile:
    profile, _created = VolunteerProfile.objects.get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


# --- Suggestions ---------------------------------------------------------------------------------
@transaction.atomic
def suggestions_store(*, suggestions) -> int:
    """Store suggestions from a source (``volunteers.suggestions``); one already known (same
    volunteer and key) is left as it is. Returns how many are new."""
    rows = [
        HourSuggestion(
            volunteer=s.user,
            key=s.key[:100],
            date=s.date,
            hours=Decimal(s.hours),
            activity=s.activity,
            note=s.note[:500],
        )
        for s in suggestions
        if not rules.hours_problem(s.hours)
    ]
    before = HourSuggestion.objects.count()
    HourSuggestion.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return HourSuggestion.objects.count() - before


@transaction.atomic
def suggestion_accept(*, suggestion: HourSuggestion, by) -> HourEntry:
    """Log the suggested hours as the volunteer's own submitted entry (never approved here)."""
    suggestion = HourSuggestion.objects.select_for_update().get(pk=suggestion.pk, volunteer=by)
    if suggestion.status != HourSuggestion.Status.OPEN:
        raise ValidationError(_("This suggestion has already been handled."))
    entry = hour_create(
        volunteer=by,
        fields=HourFields(
            date=suggestion.date,
            hours=suggestion.hours,
            activity=suggestion.activity,
            note=suggestion.note,
            session=_suggested_session(suggestion, by),
        ),
    )
    suggestion.status, suggestion.entry = HourSuggestion.Status.ACCEPTED, entry
    suggestion.save(update_fields=["status", "entry"])
    return entry


def _suggested_session(suggestion: HourSuggestion, volunteer):
    """The session a suggestion came from (key ``session:<pk>``), when it is the volunteer's."""
    kind, _sep, pk = suggestion.key.partition(":")
    if kind != "session" or not pk.isdigit():
        return None
    return sessions_of(volunteer).filter(pk=int(pk)).first()


@transaction.atomic
def suggestion_dismiss(*, suggestion: HourSuggestion, by) -> None:
    HourSuggestion.objects.filter(
        pk=suggestion.pk, volunteer=by, status=HourSuggestion.Status.OPEN
    ).update(status=HourSuggestion.Status.DISMISSED)


# --- Monthly reminder ----------------------------------------------------------------------------
def previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def reminder_recipients(*, month: date):
    """Active volunteers and coaches who logged nothing in ``month``, want reminders and have not
    had this month's reminder yet."""
    next_month = (month + timedelta(days=32)).replace(day=1)
    logged = HourEntry.objects.filter(
        volunteer=OuterRef("pk"), date__gte=month, date__lt=next_month
    )
    reminded = ReminderSent.objects.filter(user=OuterRef("pk"), month=month)
    opted_out = VolunteerProfile.objects.filter(user=OuterRef("pk"), reminders_opt_out=True)
    return (
        get_user_model()
        .objects.filter(is_active=True, role_grants__role__in=[Role.VOLUNTEER, Role.COACH])
        .filter(~Exists(logged), ~Exists(reminded), ~Exists(opted_out))
        .distinct()
        .order_by("pk")
    )


def _reminder_claim(*, user, month: date) -> bool:
    """Record this month's reminder for ``user``; False when a run alongside us already did."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(user=user, month=month)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: date | None = None) -> int:
    """Send last month's reminder to whoever needs it; safe to run twice. Returns how many."""
    month = previous_month(today or local_today())
    sent = 0
    portal = settings.SITE_URL.rstrip("/") + reverse("volunteers:portal")
    for user in reminder_recipients(month=month).iterator():
        with transaction.atomic():
            if not _reminder_claim(user=user, month=month):
                continue
            with translation.override(user.language):
                context = {"user": user, "month": month, "portal_url": portal}
                subject = render_to_string("volunteers/email/reminder_subject.txt", context)
                body = render_to_string("volunteers/email/reminder.txt", context)
            # Sent inside the transaction: if mailing fails, the row goes too and the next run
            # tries again.
            send_mail(" ".join(subject.split()), body, None, [user.email])
        sent += 1
    logger.info("Hour reminders for %s sent: %s", month, sent)
    return sent
