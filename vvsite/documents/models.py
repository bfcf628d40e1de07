"""A generated document: what was asked for (kind and parameters), by whom and when, and the
file once rendered. Its state (pending, queued, running, done, failed), progress and error live
on its ``Job``: the background job that renders it, shown by the same polling pattern as every
job. The kinds are not listed here: each app registers its own (``registry``).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vvsite.documents.registry import kind_label
from vvsite.fields import reference, user_reference


def document_upload_to(document: Document, filename: str) -> str:
    """A random name in a private folder: never served by a URL, never naming a person."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"private/documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    """A generated document: asked for, rendered by a job, downloaded by those allowed."""

    kind = models.CharField(_("kind"), max_length=40)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    job = reference("vvsite.Job", "documents", _("job"), on_delete=models.PROTECT)
    file = models.FileField(_("file"), upload_to=document_upload_to, blank=True, max_length=200)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_by = user_reference(_("requested by"))
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        # The table the reporting app created; the model moved, its rows stayed.
        db_table = "reporting_document"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "created_at"], name="document_kind_created")]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

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
        return self.job.status == self.job.Status.DONE and bool(self.file)


def document_key(kind: str, parameters: dict) -> str:
    """The deduplication key of a request: the same kind and parameters give the same key.
    (The prefix dates from when reporting held documents; jobs in flight carry it.)"""
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:40]
    return f"reporting.document:{kind}:{digest}"
