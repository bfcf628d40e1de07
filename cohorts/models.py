"""Programmes, cohorts ("lichtingen"), who is enrolled in them, their coach groups, sessions,
attendance and calendar feeds.

Capacity is a database rule, not only a form check: every active enrolment holds a numbered slot,
unique per cohort and role and never above the capacity copied onto it, so two coordinators placing
the sixteenth newcomer at the same moment cannot both succeed. A coach group cannot exist without
its coach (NOT NULL), and a person is recorded once per session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from participants.models import StopReason
from vvsite.fields import reference, user_reference


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
        RUNNING = "running", pgettext_lazy("cohort", "Running")
        CLOSING = "closing", _("Closing")
        COMPLETED = "completed", _("Completed")

    number = models.PositiveIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    programme = reference(Programme, "cohorts", _("programme"), on_delete=models.PROTECT)
    municipality = reference(
        "participants.Municipality", "cohorts", _("municipality"), on_delete=models.PROTECT
    )
    project = models.CharField(_("project"), max_length=150, blank=True)
    funder = reference(
        "participants.Organisation",
        "funded_cohorts",
        _("funder"),
        on_delete=models.PROTECT,
        optional=True,
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

    cohort = reference(Cohort, "enrolments", _("cohort"), on_delete=models.PROTECT)
    person = reference("participants.Person", "enrolments", _("person"), on_delete=models.PROTECT)
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
    group = reference(
        "cohorts.CoachGroup", "members", _("coach group"), on_delete=models.SET_NULL, optional=True
    )
    #: Written at the closing, printed on the certificate: pillar key -> a short note on how
    #: the person grew (keys: ``participants.vocab.Pillar`` values).
    growth_notes = models.JSONField(_("growth per pillar"), default=dict, blank=True)
    created_by = user_reference(_("enrolled by"))

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
            models.Index(fields=["group", "status"], name="enrolment_group_status"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort} ({self.get_role_display()})"


# --- Sessions: kinds, the programme's plan, holidays ---------------------------------------------


class SessionKind(models.TextChoices):
    COACH_GROUP = "coach_group", _("Coach-group evening")
    TRAINING = "training", _("Training")
    CULTURE_TRAINING = "culture_training", _("Culture training")
    MEETING_DAY = "meeting_day", _("Meeting day")
    PARTY = "party", _("Party")
    CLOSING = "closing", _("Closing ceremony")
    REUNION = "reunion", _("Reunion")
    PRAATHUIS = "praathuis", _("Praathuis evening")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    """Who of a cohort is expected at a session (and whose attendance is recorded)."""

    EVERYONE = "everyone", _("Newcomers and buddies")
    NEWCOMERS = "newcomers", _("Newcomers")
    BUDDIES = "buddies", _("Buddies")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PlannedSession(models.Model):
    """One line of a programme's session plan: a session (or a series) placed relative to the
    start or the end of a cohort. Generating a cohort's schedule turns the plan into sessions."""

    class Anchor(models.TextChoices):
        START = "start", _("from the start")
        END = "end", _("from the end")

    programme = reference(Programme, "plan", _("programme"), on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=150)
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    anchor = models.CharField(
        _("counted"), max_length=5, choices=Anchor.choices, default=Anchor.START
    )
    #: From the start: week 1 is the week the cohort starts in. From the end: week 0 is the week
    #: it ends in, 26 is half a year later (a reunion).
    week = models.SmallIntegerField(_("week"), default=1)
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    repeat_every_weeks = models.PositiveSmallIntegerField(
        _("repeat every … weeks"),
        null=True,
        blank=True,
        help_text=_("Empty: once. 2: every other week until the cohort ends."),
    )
    per_group = models.BooleanField(
        _("one per coach group"),
        default=False,
        help_text=_("Each coach group gets its own session, led by its coaches."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("planned session")
        verbose_name_plural = _("session plan")
        ordering = ["programme", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="plannedsession_weekday_range"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="plannedsession_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(repeat_every_weeks__isnull=True)
                | Q(repeat_every_weeks__gte=1, repeat_every_weeks__lte=8),
                name="plannedsession_repeat_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="plannedsession_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(anchor__in=["start", "end"]), name="plannedsession_anchor_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.title}"


class HolidayPeriod(models.Model):
    """Days on which no sessions are generated: a school holiday, Christmas, Ramadan's end.
    Without a cohort it applies to every cohort."""

    cohort = reference(Cohort, "holidays", _("cohort"), on_delete=models.CASCADE, optional=True)
    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="holiday_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["first_day", "last_day"], name="holiday_days")]

    def __str__(self) -> str:
        return self.name


# --- Coach groups --------------------------------------------------------------------------------


class CoachGroup(models.Model):
    """A small group inside a cohort, led by a coach with an assistant coach and an experienced
    expert (usually a former newcomer). Its members are enrolments of the cohort."""

    cohort = reference(Cohort, "groups", _("cohort"), on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    coach = reference("participants.Person", "coached_groups", _("coach"), on_delete=models.PROTECT)
    assistant_coach = reference(
        "participants.Person",
        "assisted_groups",
        _("assistant coach"),
        on_delete=models.PROTECT,
        optional=True,
    )
    expert = reference(
        "participants.Person",
        "expert_groups",
        _("experienced expert"),
        on_delete=models.PROTECT,
        optional=True,
    )
    location = models.CharField(
        _("usual location"),
        max_length=200,
        blank=True,
        help_text=_("Where the coach-group evenings are held, unless a session says otherwise."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coach group")
        verbose_name_plural = _("coach groups")
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="coachgroup_name_per_cohort"),
            models.CheckConstraint(
                condition=~Q(assistant_coach=F("coach")) | Q(assistant_coach__isnull=True),
                name="coachgroup_assistant_not_coach",
            ),
            models.CheckConstraint(
                condition=~Q(expert=F("coach")) | Q(expert__isnull=True),
                name="coachgroup_expert_not_coach",
            ),
            models.CheckConstraint(
                condition=~Q(expert=F("assistant_coach"))
                | Q(expert__isnull=True)
                | Q(assistant_coach__isnull=True),
                name="coachgroup_expert_not_assistant",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def leaders(self) -> list[tuple[str, object]]:
        """(role, person) of the leaders this group has, coach first."""
        pairs = (
            (SessionLeader.Role.COACH, self.coach),
            (SessionLeader.Role.ASSISTANT_COACH, self.assistant_coach),
            (SessionLeader.Role.EXPERT, self.expert),
        )
        return [(role, person) for role, person in pairs if person is not None]


# --- Sessions and attendance ---------------------------------------------------------------------


class Session(models.Model):
    """A meeting: of a coach group, of a whole cohort, or open to all (the Praathuis)."""

    Kind = SessionKind
    Audience = Audience

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    cohort = reference(Cohort, "sessions", _("cohort"), on_delete=models.PROTECT, optional=True)
    group = reference(
        CoachGroup, "sessions", _("coach group"), on_delete=models.PROTECT, optional=True
    )
    audience = models.CharField(
        _("for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    #: Walk-in visitors counted at an open event (nobody's name is recorded).
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    plan_item = reference(
        PlannedSession, "sessions", _("from the plan"), on_delete=models.SET_NULL, optional=True
    )
    #: Goes up each time the time or place changes, so calendars take the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    leaders = models.ManyToManyField(
        "participants.Person",
        through="SessionLeader",
        related_name="led_sessions",
        verbose_name=_("led by"),
    )
    created_by = user_reference(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("meeting", "session")
        verbose_name_plural = pgettext_lazy("meetings", "sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(group__isnull=True) | Q(cohort__isnull=False),
                name="session_group_within_cohort",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SessionKind.values), name="session_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]), name="session_status_known"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="session_audience_known"
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts"),
            models.Index(fields=["cohort", "starts_at"], name="session_cohort_starts"),
            models.Index(fields=["group", "starts_at"], name="session_group_starts"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_open_event(self) -> bool:
        """No cohort: anyone may walk in, and only a head count is kept."""
        return self.cohort_id is None


class SessionLeader(models.Model):
    """A volunteer leading a session. Group sessions take their group's leaders."""

    class Role(models.TextChoices):
        COACH = "coach", _("Coach")
        ASSISTANT_COACH = "assistant_coach", _("Assistant coach")
        EXPERT = "expert", _("Experienced expert")
        HOST = "host", _("Host or trainer")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="leader_links")
    person = models.ForeignKey(
        "participants.Person", on_delete=models.PROTECT, related_name="session_leads"
    )
    role = models.CharField(_("as"), max_length=20, choices=Role.choices, default=Role.HOST)

    class Meta:
        verbose_name = _("session leader")
        verbose_name_plural = _("session leaders")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="sessionleader_once"),
            models.CheckConstraint(
                condition=Q(role__in=["coach", "assistant_coach", "expert", "host"]),
                name="sessionleader_role_known",
            ),
        ]
        indexes = [models.Index(fields=["person", "session"], name="sessionleader_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}"


class Attendance(models.Model):
    """Whether one participant was at one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = reference(
        Session, "attendance", pgettext_lazy("meeting", "session"), on_delete=models.CASCADE
    )
    enrolment = reference(Enrolment, "attendance", _("participant"), on_delete=models.CASCADE)
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    recorded_by = user_reference(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(status__in=["present", "absent", "excused"]),
                name="attendance_status_known",
            ),
        ]
        indexes = [models.Index(fields=["enrolment", "session"], name="attendance_enrolment")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.session_id}: {self.status}"


# --- Calendars and reminders ---------------------------------------------------------------------


class CalendarFeed(models.Model):
    """A secret address at which a calendar app reads sessions: one person's own sessions, or a
    whole cohort's for a coordinator. Only a hash of the token is stored; revoking it ends it."""

    owner = reference(
        settings.AUTH_USER_MODEL, "calendar_feeds", _("owner"), on_delete=models.CASCADE
    )
    person = reference(
        "participants.Person",
        "calendar_feeds",
        _("person"),
        on_delete=models.CASCADE,
        optional=True,
    )
    cohort = reference(
        Cohort, "calendar_feeds", _("cohort"), on_delete=models.CASCADE, optional=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, cohort__isnull=True)
                | Q(person__isnull=True, cohort__isnull=False),
                name="calendarfeed_person_or_cohort",
            ),
            models.UniqueConstraint(
                fields=["owner", "person"],
                condition=Q(revoked_at__isnull=True, person__isnull=False),
                name="calendarfeed_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["owner", "cohort"],
                condition=Q(revoked_at__isnull=True, cohort__isnull=False),
                name="calendarfeed_one_active_per_cohort",
            ),
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ReminderSent(models.Model):
    """The day-before reminder of one session has gone to one person: a second run sends none."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("participants.Person", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="remindersent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}"


class ReminderOptOut(models.Model):
    """A person who does not want the day-before reminders (changes are still announced)."""

    person = models.OneToOneField(
        "participants.Person",
        on_delete=models.CASCADE,
        related_name="reminder_opt_out",
        verbose_name=_("person"),
    )
    since = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")

    def __str__(self) -> str:
        return str(self.person_id)
