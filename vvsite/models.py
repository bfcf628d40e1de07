"""Accounts, roles and background jobs: what every part of the application stands on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from vvsite.documents.models import Document  # noqa: F401 - the app's models include documents'
from vvsite.fields import user_reference


class Role(models.TextChoices):
    """The roles a user can hold; what each may do is decided in ``vvsite.access``."""

    COORDINATOR = "coordinator", _("Coordinator")
    COACH = "coach", _("Coach")
    VOLUNTEER = "volunteer", _("Volunteer")
    BOARD = "board", _("Board member")
    ADMIN = "admin", _("Administrator")


#: Roles that work with personal data every day and must use a second factor when required.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_superuser"] = True
        user = self._create_user(email, password, **extra)
        UserRole.objects.get_or_create(user=user, role=Role.ADMIN)
        return user

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Logs in with an e-mail address; holds one or more roles."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's roles, read once per request."""
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_staff(self) -> bool:
        """Only administrators reach the Django admin."""
        return self.is_active and Role.ADMIN in self.roles

    @property
    def needs_second_factor(self) -> bool:
        return settings.REQUIRE_2FA_FOR_STAFF and self.has_role(*STAFF_ROLES)


class UserRole(models.Model):
    """One role held by one user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="userrole_role_known"
            ),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class Invitation(models.Model):
    """An e-mail inviting the holder of an account to choose their password, with a link that
    works once and until ``expires_at``. Only the hash of the link's token is kept."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("account")
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    sent_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether the link still lets the user choose a password."""
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired


class AccountEvent(models.Model):
    """What was done to an account by someone else, and why: a second factor reset, an unlock,
    a deactivation, a role given or taken. The account's audit trail as administrators read it."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("Invited")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role taken away")
        DEACTIVATED = "deactivated", _("Deactivated")
        REACTIVATED = "reactivated", _("Reactivated")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
        UNLOCKED = "unlocked", _("Unlocked after failed logins")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_events", verbose_name=_("account")
    )
    kind = models.CharField(_("what"), max_length=30, choices=Kind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"


class Job(models.Model):
    """A piece of background work: recorded first, then handed to Celery after commit.

    If the broker cannot be reached the job stays ``pending`` and a periodic task sends it
    again, so no request ever waits for the broker and no work is lost.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.PENDING, Status.QUEUED, Status.RUNNING)

    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict, blank=True)
    key = models.CharField(
        _("deduplication key"),
        max_length=200,
        blank=True,
        help_text=_("Two active jobs never share a non-empty key."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    runs = models.PositiveSmallIntegerField(
        _("attempts to run"),
        default=0,
        help_text=_("How often a worker started this job; the latest run alone may finish it."),
    )
    lease_until = models.DateTimeField(
        _("lease until"),
        null=True,
        blank=True,
        help_text=_(
            "The running attempt renews this while it works; once it lapses the job is taken over."
        ),
    )
    created_by = user_reference(_("requested by"))
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_pct"),
            models.UniqueConstraint(
                fields=["key"],
                condition=~models.Q(key="") & models.Q(status__in=["pending", "queued", "running"]),
                name="job_one_active_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_stalled(self) -> bool:
        """Running without a live lease, or waiting far longer than a healthy queue takes
        (the same rule as ``stalled_jobs_q``)."""
        now = timezone.now()
        waiting_since = now - settings.JOB_STALLED_AFTER
        if self.status == self.Status.RUNNING:
            return self.lease_until is None or self.lease_until < now
        if self.status == self.Status.QUEUED:
            return (self.sent_at or self.created_at) < waiting_since
        return self.status == self.Status.PENDING and self.created_at < waiting_since

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stalled


def stalled_jobs_q(now) -> models.Q:
    """Jobs that nothing is working on: running with a lapsed lease (its worker died), or
    pending/queued for longer than ``JOB_STALLED_AFTER`` (their message was lost)."""
    waiting_since = now - settings.JOB_STALLED_AFTER
    return (
        models.Q(status=Job.Status.RUNNING)
        & (models.Q(lease_until__lt=now) | models.Q(lease_until__isnull=True))
        | models.Q(status=Job.Status.QUEUED, sent_at__lt=waiting_since)
        | models.Q(status=Job.Status.PENDING, created_at__lt=waiting_since)
    )


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task (one row per worker host)."""

    worker = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
