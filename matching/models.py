"""Matches between a newcomer and a buddy, check-ins on them, and the coordinator's settings.

The rules that must hold when two coordinators act at the same moment are the database's: a
newcomer has at most one open match (a partial unique constraint), dates follow the life of a
match, and an end reason is there exactly when a match has ended. A buddy's maximum number of
matches depends on another table, so ``services.match_confirm_many`` holds it with a row lock.
Workflows live in ``services``; here are the data and their invariants.
"""

from __future__ import annotations

from dataclasses import fields

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from matching.profiles import NOTE_LIMIT
from matching.scoring import MAX_WEIGHT, Weights
from vvsite.fields import reference, user_reference


def _in_choices(field: str, choices, name: str, *, blank: bool = False):
    values = list(choices.values) + ([""] if blank else [])
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


def _not_before(later: str, earlier: str, name: str):
    """``later`` is empty, or ``earlier`` is empty, or ``later`` is on or after ``earlier``."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=name,
    )


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INTRODUCED = "introduced", _("Introduced")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


#: A match in one of these statuses holds the newcomer and a place with the buddy.
OPEN_STATUSES = (MatchStatus.PROPOSED, MatchStatus.INTRODUCED, MatchStatus.ACTIVE)


class EndReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    ILLNESS = "illness", _("Illness")
    NO_CLICK = "no_click", _("No click")
    COMPLETED = "completed", _("Programme completed")
    OTHER = "other", _("Other")


class Match(models.Model):
    """A newcomer and a buddy paired, in a cohort or outside one ("losse koppeling")."""

    Status = MatchStatus
    EndReason = EndReason

    newcomer = reference(
        "participants.Newcomer", "matches", _("newcomer"), on_delete=models.PROTECT
    )
    buddy = reference("participants.Buddy", "matches", _("buddy"), on_delete=models.PROTECT)
    cohort = reference(
        "cohorts.Cohort",
        "matches",
        _("cohort"),
        on_delete=models.PROTECT,
        optional=True,
        help_text=_("Empty for a match outside any cohort."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    introduced_on = models.DateField(_("first meeting on"), null=True, blank=True)
    started_on = models.DateField(_("active since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=12, choices=EndReason.choices, blank=True
    )
    end_note = models.TextField(_("note on ending"), blank=True)
    score = models.IntegerField(_("score when confirmed"), null=True, blank=True)
    #: Each criterion's part of ``score`` as it was when the match was made:
    #: ``[{"criterion", "weight", "points", "evidence"}, ...]`` (see ``services.explanation_json``).
    explanation = models.JSONField(_("explanation of the score"), default=list, blank=True)
    created_by = user_reference(_("made by"))
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "started_on"], name="match_status"),
            models.Index(fields=["buddy", "status"], name="match_buddy_status"),
            models.Index(fields=["cohort", "status"], name="match_cohort_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["newcomer"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="match_one_open_per_newcomer",
                violation_error_message=_("This newcomer already has a match."),
            ),
            _in_choices("status", MatchStatus, "match_status_known"),
            _in_choices("end_reason", EndReason, "match_end_reason_known", blank=True),
            models.CheckConstraint(
                condition=~Q(newcomer=F("buddy")), name="match_not_with_oneself"
            ),
            models.CheckConstraint(
                condition=(Q(status="ended") & ~Q(end_reason="") & Q(ended_on__isnull=False))
                | (~Q(status="ended") & Q(end_reason="") & Q(ended_on__isnull=True)),
                name="match_end_reason_iff_ended",
            ),
            # The dates follow the life of the match: what has happened has a date.
            models.CheckConstraint(
                condition=~Q(status="introduced") | Q(introduced_on__isnull=False),
                name="match_introduced_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="active")
                | Q(introduced_on__isnull=False, started_on__isnull=False),
                name="match_active_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="proposed")
                | Q(introduced_on__isnull=True, started_on__isnull=True),
                name="match_proposed_has_no_later_dates",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True) | Q(introduced_on__isnull=False),
                name="match_started_after_introduction",
            ),
            _not_before("introduced_on", "proposed_on", "match_introduced_after_proposed"),
            _not_before("started_on", "introduced_on", "match_started_after_introduced"),
            _not_before("ended_on", "proposed_on", "match_ended_after_proposed"),
            _not_before("ended_on", "introduced_on", "match_ended_after_introduced"),
            _not_before("ended_on", "started_on", "match_ended_after_started"),
        ]

    def __str__(self) -> str:
        return f"{self.newcomer} – {self.buddy}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_loose(self) -> bool:
        """A match outside any cohort ("losse koppeling")."""
        return self.cohort_id is None


class CheckInHow(models.TextChoices):
    GOOD = "good", _("Going well")
    OKAY = "okay", _("Going reasonably")
    WORRY = "worry", _("Worries")
    NO_CONTACT = "no_contact", _("No contact lately")


class CheckIn(models.Model):
    """A dated note by a coordinator or coach on how a pair is doing."""

    How = CheckInHow

    match = reference(Match, "checkins", _("match"), on_delete=models.CASCADE)
    on = models.DateField(_("date"), default=timezone.localdate)
    how = models.CharField(_("how it goes"), max_length=12, choices=How.choices)
    note = models.TextField(_("note"), blank=True)
    by = user_reference(_("by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["match", "on"], name="checkin_match_on")]
        constraints = [_in_choices("how", CheckInHow, "checkin_how_known")]

    def __str__(self) -> str:
        return f"{self.on:%d-%m-%Y} {self.get_how_display()}"


def _weight_field(label, default: int):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_WEIGHT)],
    )


_DEFAULT = Weights()
#: The criteria's weights, in the order the score lists them.
WEIGHT_FIELDS = tuple(f.name for f in fields(Weights))


class MatchWeights(models.Model):
    """How much each criterion weighs and how far a pair may live apart: one row, edited by
    coordinators on the settings page (``selectors.current_weights``)."""

    interests = _weight_field(_("Shared interests"), _DEFAULT.interests)
    distance = _weight_field(_("Distance between neighbourhoods"), _DEFAULT.distance)
    age = _weight_field(_("Age difference"), _DEFAULT.age)
    language = _weight_field(_("Shared language besides Dutch"), _DEFAULT.language)
    expertise = _weight_field(
        _("Expertise for the newcomer's work or study goals"), _DEFAULT.expertise
    )
    availability = _weight_field(_("Overlapping availability"), _DEFAULT.availability)
    household = _weight_field(_("Household fit"), _DEFAULT.household)
    notes = _weight_field(_("Coordinator's notes"), _DEFAULT.notes)
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance in km"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_(
            "People in different municipalities are paired only when they live at most this far "
            "apart; the distance criterion falls to nothing at this distance."
        ),
    )
    max_age_difference = models.PositiveSmallIntegerField(
        _("maximum age difference in years"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
        help_text=_("The age criterion falls to nothing at this many years apart."),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    updated_by = user_reference(_("changed by"))

    history = HistoricalRecords()

    WEIGHT_FIELDS = WEIGHT_FIELDS

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__lte": MAX_WEIGHT for name in WEIGHT_FIELDS}),
                name="matchweights_weight_range",
            ),
            models.CheckConstraint(condition=Q(id=1), name="matchweights_single_row"),
            models.CheckConstraint(
                condition=Q(max_distance_km__gte=1, max_age_difference__gte=1),
                name="matchweights_limits_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Matching weights"))

    def as_weights(self) -> Weights:
        return Weights(**{name: getattr(self, name) for name in self.WEIGHT_FIELDS})


class Exclusion(models.Model):
    """The coordinator rules a pair out: they are never proposed or suggested together."""

    newcomer = reference(
        "participants.Newcomer", "exclusions", _("newcomer"), on_delete=models.CASCADE
    )
    buddy = reference("participants.Buddy", "exclusions", _("buddy"), on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=300)
    by = user_reference(_("by"))
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["newcomer", "buddy"], name="exclusion_once_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.newcomer} ≠ {self.buddy}"


class PairNote(models.Model):
    """The coordinator's judgement of a pair, from -5 (strongly against) to +5 (strongly for):
    the "coordinator's notes" criterion of the score."""

    newcomer = reference(
        "participants.Newcomer", "pair_notes", _("newcomer"), on_delete=models.CASCADE
    )
    buddy = reference("participants.Buddy", "pair_notes", _("buddy"), on_delete=models.CASCADE)
    points = models.SmallIntegerField(
        _("judgement"),
        validators=[MinValueValidator(-NOTE_LIMIT), MaxValueValidator(NOTE_LIMIT)],
        help_text=_("From -5 (strongly against) to +5 (strongly for)."),
    )
    text = models.TextField(_("note"), blank=True)
    by = user_reference(_("by"))
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note on a pair")
        verbose_name_plural = _("notes on pairs")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["newcomer", "buddy"], name="pairnote_once_per_pair"),
            models.CheckConstraint(
                condition=Q(points__gte=-NOTE_LIMIT, points__lte=NOTE_LIMIT),
                name="pairnote_points_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.newcomer} – {self.buddy}: {self.points:+d}"
