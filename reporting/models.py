"""Key figures: the targets a year aims for, and snapshots of the computed figures."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.catalogue import TargetKpi

# Migration 0001 (when reporting held documents) refers to the upload path by this name.
from vvsite.documents.models import document_upload_to  # noqa: F401
from vvsite.fields import reference, user_reference


class Target(models.Model):
    """What the organisation aims for in a year: for all municipalities together (no
    municipality) or for one. An empty value means "no target", also where the strategic plan
    has a default (``catalogue.DEFAULT_TARGETS``)."""

    Kpi = TargetKpi

    year = models.PositiveSmallIntegerField(_("year"))
    municipality = reference(
        "participants.Municipality",
        "+",
        _("municipality"),
        on_delete=models.CASCADE,
        optional=True,
        help_text=_("Empty: all municipalities together."),
    )
    kpi = models.CharField(_("key figure"), max_length=40, choices=TargetKpi.choices)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    updated_by = user_reference(_("changed by"))
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
    municipality = reference(
        "participants.Municipality", "+", _("municipality"), on_delete=models.CASCADE, optional=True
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
