"""Programmes, cohorts ("lichtingen") and who is enrolled in them.

Capacity is a database rule, not only a form check: every active enrolment holds a numbered slot,
unique per cohort and role and never above the capacity copied onto it, so two coordinators placing
the sixteenth newcomer at the same moment cannot both succeed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from participants.models import StopReason


class Programme(models.Model):
    """The kind of track a cohort follows, with its defaults."""

    class Kind(models.TextChoices):
        CLASSIC = "classic", _("18-month programme")
        SIX_MONTHS = "six_months", _("6-month programme")
        SHORT_GROUP = "short_group", _("6-week group (VARIIS approach)")
        PROJECT = "project", _("Project")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("duration in weeks"))
    newcomer_capacity = models.PositiveSmallIntegerField(_("places for newcomers"), default=15)
    buddy_capacity = models.PositiveSmallIntegerField(_("places for buddies"), default=15)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1), name="programme_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(newcomer_capacity__gte=1, buddy_capacity__gte=1),
                name="programme_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """A numbered group run through a programme together."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RECRUITING = "recruiting", _("Recruiting")
        RUNNING = "running", _("Running")
        CLOSING = "closing", _("Closing")
        COMPLETED = "completed", _("Completed")

    number = models.PositiveIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    municipality = models.ForeignKey(
        "participants.Municipality",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("municipality"),
    )
    project = models.CharField(_("project"), max_length=150, blank=True)
    funder = models.ForeignKey(
        "participants.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_cohorts",
        verbose_name=_("funder"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    newcomer_capacity = models.PositiveSmallIntegerField(_("places for newcomers"), default=15)
    buddy_capacity = models.PositiveSmallIntegerField(_("places for buddies"), default=15)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(newcomer_capacity__gte=1, buddy_capacity__gte=1),
                name="cohort_capacity_positive",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="cohort_number_positive"),
        ]
        indexes = [models.Index(fields=["status", "start_date"], name="cohort_status_start")]

    def __str__(self) -> str:
        label = _("Cohort %(number)s") % {"number": self.number}
        return f"{label} · {self.name}" if self.name else str(label)

    def capacity_for(self, role: str) -> int:
        return self.newcomer_capacity if role == Enrolment.Role.NEWCOMER else self.buddy_capacity


class Enrolment(models.Model):
    """A newcomer or buddy taking part in a cohort."""

    class Role(models.TextChoices):
        NEWCOMER = "newcomer", _("Newcomer")
        BUDDY = "buddy", _("Buddy")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Taking part")
        COMPLETED = "completed", _("Completed")
        LEFT = "left", _("Left")

    #: The reasons for leaving are those for which a newcomer stops (moved away, illness, ...).
    LeaveReason = StopReason

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort")
    )
    person = models.ForeignKey(
        "participants.Person",
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("as"), max_length=10, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED
    )
    #: The place this enrolment holds: 1..capacity while taking part or completed, empty once left.
    slot = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    #: The cohort's capacity for this role when the place was given (the database checks slot ≤ it).
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    leave_note = models.TextField(_("note on leaving"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["cohort", "role", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_once_per_cohort"),
            models.UniqueConstraint(
                fields=["cohort", "role", "slot"], name="enrolment_one_person_per_place"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["newcomer", "buddy"]), name="enrolment_role_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="left", slot__isnull=True, leave_reason__gt="")
                    | (
                        Q(status__in=["enrolled", "completed"], slot__isnull=False, slot__gte=1)
                        & Q(slot__lte=F("capacity"))
                    )
                ),
                name="enrolment_place_within_capacity",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="enrolment_person_status"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort} ({self.get_role_display()})"
