"""Generated documents: certificates, the annual report, exports for funders.

A ``Document`` says what was asked (kind and parameters), by whom and when, and holds the file
once rendered. Its state (pending, queued, running, done, failed), progress and error live on
its ``Job``: the background job that renders it, shown by the same polling pattern as every job.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.catalogue import TargetKpi
from vvsite.models import Job


def document_upload_to(document: Document, filename: str) -> str:
    """A random name in a private folder: never served by a URL, never naming a person."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"private/documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DocumentKind(models.TextChoices):
    """What a document is; add a kind here (a migration) and a renderer in ``renderers``."""

    CERTIFICATE = "certificate", _("Certificate")
    COHORT_CERTIFICATES = "cohort_certificates", _("Certificates of a cohort")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    FUNDER_EXPORT = "funder_export", _("Export for a funder")


class Document(models.Model):
    """A generated document: asked for, rendered by a job, downloaded by those allowed."""

    Kind = DocumentKind

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    job = models.ForeignKey(
        Job, on_delete=models.PROTECT, related_name="documents", verbose_name=_("job")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True, max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "created_at"], name="document_kind_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="document_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def key(self) -> str:
        return document_key(self.kind, self.parameters)

    @property
    def status(self) -> str:
        return self.job.status

    @property
    def is_active(self) -> bool:
        return self.job.is_active

    @property
    def is_ready(self) -> bool:
        """Done, with a file to download."""
        return self.job.status == Job.Status.DONE and bool(self.file)


def document_key(kind: str, parameters: dict) -> str:
    """The deduplication key of a request: the same kind and parameters give the same key."""
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return f"reporting.document:{kind}:{digest}"


# --- Key figures ----------------------------------------------------------------------------------


class Target(models.Model):
    """What the organisation aims for in a year: for all municipalities together (no
    municipality) or for one. An empty value means "no target", also where the strategic plan
    has a default (``catalogue.DEFAULT_TARGETS``)."""

    Kpi = TargetKpi

    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        "participants.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty: all municipalities together."),
    )
    kpi = models.CharField(_("key figure"), max_length=40, choices=TargetKpi.choices)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "kpi"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kpi"],
                condition=models.Q(municipality__isnull=True),
                name="target_once_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "municipality", "kpi"],
                condition=models.Q(municipality__isnull=False),
                name="target_once_per_year_and_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(kpi__in=TargetKpi.values), name="target_kpi_known"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                name="target_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="target_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kpi_display()} {self.year}: {self.value}"


class KpiSnapshot(models.Model):
    """One computation of every key figure for a range of years: the dashboard reads the latest.

    Computing the figures reads every enrolment, hour entry and status change of ten years;
    that is work for a background job (nightly, and when a coordinator asks), not for each
    page view. A new snapshot replaces the previous ones once it is complete.
    """

    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    duration_ms = models.PositiveIntegerField(_("computed in (ms)"), default=0)

    class Meta:
        verbose_name = _("key figures snapshot")
        verbose_name_plural = _("key figures snapshots")
        ordering = ["-computed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")),
                name="kpisnapshot_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year} ({self.computed_at:%Y-%m-%d %H:%M})"

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))


class KpiFigure(models.Model):
    """One key figure for one year, for all municipalities (none) or for one."""

    snapshot = models.ForeignKey(KpiSnapshot, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        "participants.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    code = models.CharField(_("key figure"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        indexes = [
            models.Index(fields=["snapshot", "municipality", "year"], name="kpifigure_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"
