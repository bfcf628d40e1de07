"""Writes for reporting: compute the key figures, save the targets."""

from __future__ import annotations

import logging
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.catalogue import DEFAULT_TARGETS
from reporting.kpis import kpi_years, kpis_compute
from reporting.models import KpiFigure, KpiSnapshot, Target
from vvsite.jobs import job_enqueue
from vvsite.models import Job

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")

REFRESH_TASK = "reporting.tasks.kpis_refresh"
REFRESH_KEY = "reporting.kpis_refresh"


@transaction.atomic
def kpis_refresh(*, today: date | None = None) -> KpiSnapshot:
    """Compute every key figure for the years worth showing and store them as a new snapshot,
    which replaces the previous ones. A fixed number of queries, whatever the data."""
    started = time.monotonic()
    years = kpi_years(today)
    figures = kpis_compute(years)
    snapshot = KpiSnapshot.objects.create(first_year=years[0], last_year=years[-1])
    KpiFigure.objects.bulk_create(
        (
            KpiFigure(
                snapshot=snapshot,
                year=year,
                municipality_id=scope,
                code=code,
                value=None if value is None else Decimal(value).quantize(CENT, ROUND_HALF_UP),
            )
            for (year, scope), values in figures.items()
            for code, value in values.items()
        ),
        batch_size=2000,
    )
    snapshot.duration_ms = int((time.monotonic() - started) * 1000)
    snapshot.save(update_fields=["duration_ms"])
    KpiSnapshot.objects.filter(computed_at__lte=snapshot.computed_at).exclude(
        pk=snapshot.pk
    ).delete()
    logger.info("Key figures %s–%s computed in %s ms", years[0], years[-1], snapshot.duration_ms)
    return snapshot


def kpis_refresh_request(*, by=None) -> Job:
    """Ask for the key figures to be computed again in the background (one job at a time)."""
    return job_enqueue(task=REFRESH_TASK, by=by, key=REFRESH_KEY)


def kpis_refresh_running() -> Job | None:
    return Job.objects.filter(key=REFRESH_KEY, status__in=Job.ACTIVE_STATUSES).first()


@transaction.atomic
def targets_save(
    *, year: int, values: dict[tuple[int | None, str], Decimal | None], by
) -> list[Target]:
    """Store the targets of ``year``: ``values`` maps (municipality pk or None, kpi code) to the
    target, or to None for "no target". An empty value where the strategic plan has a default
    is stored as an empty target, so that the default no longer applies."""
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Choose a year between 2000 and 2100."))
    existing = {
        (target.municipality_id, target.kpi): target
        for target in Target.objects.select_for_update().filter(year=year)
    }
    saved = []
    for (municipality, code), value in values.items():
        if code not in Target.Kpi.values:
            raise ValidationError(_("Unknown key figure."))
        if value is not None and value < 0:
            raise ValidationError(_("A target cannot be negative."))
        target = existing.get((municipality, code))
        keep_empty = municipality is None and (year, code) in DEFAULT_TARGETS
        if value is None and not keep_empty:
            if target is not None:
                target.delete()
            continue
        if target is None:
            target = Target(year=year, municipality_id=municipality, kpi=code)
        elif target.value == value:
            continue
        target.value = value
        target.updated_by = by
        target.updated_at = timezone.now()
        target.save()
        saved.append(target)
    return saved
