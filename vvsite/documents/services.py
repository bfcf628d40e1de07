"""Writes for generated documents: ask for one, make it again, and render it (in the task)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vvsite.documents.models import Document, document_key
from vvsite.documents.registry import document_kind
from vvsite.documents.selectors import kinds_visible_to
from vvsite.jobs import ProgressFn, job_enqueue, job_owned
from vvsite.models import Job

logger = logging.getLogger(__name__)

TASK = "vvsite.documents.tasks.render_document"


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
    try:
        document_kind(kind)
    except LookupError as exc:
        raise ValidationError(_("Unknown kind of document.")) from exc
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
    replaces the file; the previous one is deleted. Returns the message for the job.

    The renderer gets the document with its job, whose requester is the user the document
    is being made for now."""
    document = Document.objects.select_related("created_by").get(pk=job.kwargs["document_id"])
    if document.job_id != job.pk:  # retried from the background-jobs page
        Document.objects.filter(pk=document.pk).update(job=job)
    document.job = job
    rendered = document_kind(document.kind).renderer(document, progress)

    with job_owned(job):  # an attempt that lost its job to a later one stores nothing
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
