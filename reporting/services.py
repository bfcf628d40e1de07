"""Writes for generated documents: ask for one, make it again, and render it (in the task)."""

from __future__ import annotations

import logging
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.catalogue import DEFAULT_TARGETS
from reporting.kpis import kpi_years, kpis_compute
from reporting.models import Document, KpiFigure, KpiSnapshot, Target, document_key
from reporting.renderers import has_renderer, renderer_for
from reporting.selectors import kinds_visible_to
from vvsite.jobs import ProgressFn, job_enqueue, job_owned
from vvsite.models import Job

logger = logging.getLogger(__name__)

TASK = "reporting.tasks.render_document"
CENT = Decimal("0.01")


def _check_allowed(kind: str, by) -> None:
    if by is not None and kind not in kinds_visible_to(by):
        raise PermissionDenied


def _active_document(key: str) -> Document | None:
    return (
        Document.objects.filter(job__key=key, job__status__in=Job.ACTIVE_STATUSES)
        .select_related("job")
        .first()
    )


@transaction.atomic
def document_request(*, kind: str, parameters: dict, by) -> Document:
    """Ask for a document; it is rendered in the background once the transaction commits.

    While an identical request (same kind and parameters) is being rendered, that document is
    returned and nothing new starts. Once it is done or failed, a new request renders afresh
    (the data behind it may have changed).
    """
    if kind not in Document.Kind.values:
        raise ValidationError(_("Unknown kind of document."))
    if not has_renderer(kind):
        raise ValidationError(_("This kind of document cannot be made yet."))
    _check_allowed(kind, by)
    try:
        key = document_key(kind, parameters)
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The document's parameters are not valid.")) from exc

    active = _active_document(key)
    if active is not None:
        return active
    job = job_enqueue(task=TASK, by=by, key=key)
    winner = Document.objects.filter(job=job).first()
    if winner is not None:  # a simultaneous identical request got there first
        return winner
    document = Document.objects.create(kind=kind, parameters=parameters, job=job, created_by=by)
    # The job is published after commit, so the task always finds its document.
    job.kwargs = {"document_id": document.pk}
    job.save(update_fields=["kwargs"])
    return document


@transaction.atomic
def document_retry(*, document: Document, by) -> Document:
    """Render a failed or finished document again, into the same document.

    Returns the document being rendered: this one, or an identical one already in progress.
    """
    document = Document.objects.select_for_update().select_related("job").get(pk=document.pk)
    _check_allowed(document.kind, by)
    if document.is_active:
        return document
    job = job_enqueue(task=TASK, kwargs={"document_id": document.pk}, by=by, key=document.key)
    other = Document.objects.filter(job=job).exclude(pk=document.pk).first()
    if other is not None:
        return other
    document.job = job
    document.save(update_fields=["job"])
    return document


def document_render(*, job: Job, progress: ProgressFn) -> str:
    """Render the job's document and store its file (called by the task). Running it twice
    replaces the file; the previous one is deleted. An attempt that lost its job to a later one
    stores nothing (``job_owned``). Returns the message for the job."""
    document = Document.objects.get(pk=job.kwargs["document_id"])
    if document.job_id != job.pk:  # retried from the background-jobs page
        Document.objects.filter(pk=document.pk).update(job=job)
    rendered = renderer_for(document.kind)(document, progress)

    with job_owned(job):
        previous = document.file.name if document.file else ""
        document.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        document.filename = rendered.filename
        document.content_type = rendered.content_type
        document.size = len(rendered.content)
        document.save(update_fields=["file", "filename", "content_type", "size"])
    if previous and previous != document.file.name:
        document.file.storage.delete(previous)
    logger.info("Document %s rendered (%s bytes)", document.pk, document.size)
    return rendered.message


# --- Key figures and targets ---------------------------------------------------------------------

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
