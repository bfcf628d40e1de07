"""Volunteer roles per year, hour entries and their approval, norms, hourly value, closed periods.

The volunteer is the logged-in user. Rules that hold under concurrency are database constraints
(quarter-hour steps, at most 12 hours an entry, known choices, a reason on every rejection) or row
locks taken in ``volunteers.services`` (the 12-hour cap per volunteer per day).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from vvsite.fields import reference, user_reference

MAX_HOURS_PER_DAY = Decimal("12")
QUARTER = Decimal("0.25")


class RoleKind(models.TextChoices):
    """The volunteer roles of the strategic plan's table."""

    BUDDY = "buddy", _("Buddy")
    COACH = "coach", _("Coach")
    ASSISTANT_COACH = "assistant_coach", _("Assistant coach")
    EXPERT = "expert", _("Experienced expert")
    BOARD = "board", _("Board member or adviser")
    PRAATHUIS = "praathuis", _("Praathuis or event volunteer")


class Activity(models.TextChoices):
    BUDDY_CONTACT = "buddy_contact", _("Buddy contact")
    COACH_GROUP = "coach_group", _("Coach group")
    TRAINING = "training", _("Training")
    BOARD = "board", _("Board")
    PRAATHUIS = "praathuis", _("Praathuis")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")


#: The role an activity is usually done in; the volunteer may choose another of their roles.
ROLE_FOR_ACTIVITY: dict[str, str] = {
    Activity.BUDDY_CONTACT: RoleKind.BUDDY,
    Activity.COACH_GROUP: RoleKind.COACH,
    Activity.BOARD: RoleKind.BOARD,
    Activity.PRAATHUIS: RoleKind.PRAATHUIS,
    Activity.EVENT: RoleKind.PRAATHUIS,
}

#: Yearly norms from the strategic plan, used for a year without its own HourNorm row. The norm
#: of an experienced expert is set per year by the programme (none by default).
DEFAULT_NORMS: dict[str, Decimal | None] = {
    RoleKind.BUDDY: Decimal("134"),
    RoleKind.COACH: Decimal("250"),
    RoleKind.ASSISTANT_COACH: Decimal("120"),
    RoleKind.EXPERT: None,
    RoleKind.BOARD: Decimal("100"),
    RoleKind.PRAATHUIS: Decimal("25"),
}

#: Euros per volunteer hour (the figure the strategic plan takes from Movisie).
DEFAULT_HOURLY_VALUE = Decimal("11.00")


class VolunteerRole(models.Model):
    """A role a user holds as a volunteer in one year; a user may hold several in a year."""

    user = reference(
        settings.AUTH_USER_MODEL, "volunteer_roles", _("volunteer"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "year", "kind"], name="volunteerrole_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RoleKind.values), name="volunteerrole_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="volunteerrole_year_sane"
            ),
        ]
        indexes = [models.Index(fields=["year", "kind"], name="volunteerrole_year_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class HourNorm(models.Model):
    """The yearly norm of hours for one role in one year (else ``DEFAULT_NORMS``)."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    hours = models.DecimalField(_("norm in hours"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("hour norm")
        verbose_name_plural = _("hour norms")
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="hournorm_once_per_year"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="hournorm_not_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=RoleKind.values), name="hournorm_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.hours}"


class HourlyValue(models.Model):
    """What one volunteer hour is worth in one year (else ``DEFAULT_HOURLY_VALUE``)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    euros = models.DecimalField(_("euros per hour"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("hourly value")
        verbose_name_plural = _("hourly values")
        constraints = [
            models.CheckConstraint(condition=Q(euros__gte=0), name="hourlyvalue_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: € {self.euros}"


class ClosedPeriod(models.Model):
    """A month (or, without a month, a whole year) that has been reported: its hours are final."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    closed_by = user_reference(_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        ordering = ["-year", F("month").desc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month"],
                condition=Q(month__isnull=False),
                name="closedperiod_month_once",
            ),
            models.UniqueConstraint(
                fields=["year"], condition=Q(month__isnull=True), name="closedperiod_year_once"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="closedperiod_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.year}" if self.month else str(self.year)


class HourEntry(models.Model):
    """Hours one volunteer gave on one day, in one activity and role, with their approval,
    optionally for a cohort and one of its sessions."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    volunteer = reference(
        settings.AUTH_USER_MODEL, "hour_entries", _("volunteer"), on_delete=models.PROTECT
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    role_kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    cohort = reference(
        "cohorts.Cohort", "hour_entries", _("cohort"), on_delete=models.SET_NULL, optional=True
    )
    match = reference(
        "matching.Match", "hour_entries", _("match"), on_delete=models.SET_NULL, optional=True
    )
    session = reference(
        "cohorts.Session",
        "hour_entries",
        pgettext_lazy("meeting", "session"),
        on_delete=models.SET_NULL,
        optional=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True)
    reviewed_by = user_reference(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hour entry")
        verbose_name_plural = _("hour entries")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=MAX_HOURS_PER_DAY),
                name="hourentry_hours_range",
            ),
            models.CheckConstraint(
                condition=Exact(Mod(F("hours") * 4, 1), 0), name="hourentry_quarter_hours"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "approved", "rejected"]),
                name="hourentry_status_known",
            ),
            models.CheckConstraint(
                condition=Q(activity__in=Activity.values), name="hourentry_activity_known"
            ),
            models.CheckConstraint(
                condition=Q(role_kind__in=RoleKind.values), name="hourentry_role_known"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="hourentry_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "date"], name="hourentry_volunteer_date"),
            # The queue (submitted, by date) and the yearly summary, which reads only these
            # columns: Postgres answers it from the index alone.
            models.Index(
                fields=["status", "date", "role_kind", "volunteer", "hours"],
                name="hourentry_status_date_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.hours} h"

    @property
    def is_editable_by_volunteer(self) -> bool:
        return self.status != self.Status.APPROVED


class VolunteerProfile(models.Model):
    """Per-user settings for hours: since when they volunteer, and whether they want reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
        verbose_name=_("volunteer"),
    )
    started_on = models.DateField(
        _("volunteer since"),
        null=True,
        blank=True,
        help_text=_("No hours can be logged before this date. Empty: the account's start date."),
    )
    reminders_opt_out = models.BooleanField(_("no monthly reminder"), default=False)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return str(self.user)


class ReminderSent(models.Model):
    """The monthly reminder for one month has gone to one user: a second run sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month reminded of."))
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="remindersent_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.month:%Y-%m}"


class HourSuggestion(models.Model):
    """Hours proposed to a volunteer from elsewhere (attendance at a session they led).

    Never counted by itself: the volunteer accepts it, which logs a submitted entry for approval.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hour_suggestions"
    )
    key = models.CharField(
        _("source key"), max_length=100, help_text=_("Identifies the source record, once.")
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    entry = models.OneToOneField(
        HourEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestion"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hour suggestion")
        verbose_name_plural = _("hour suggestions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "key"], name="hoursuggestion_once"),
        ]
        indexes = [
            models.Index(fields=["volunteer", "status"], name="hoursuggestion_open"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.hours} h"
