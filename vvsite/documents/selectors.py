"""Reads for documents: which kinds and documents a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from vvsite.access import can
from vvsite.documents.models import Document
from vvsite.documents.registry import document_kinds


def kinds_visible_to(user) -> list[str]:
    """The kinds whose capability ``user`` holds (see each kind's registration)."""
    return [kind.code for kind in document_kinds() if can(user, kind.capability)]


def documents_visible_to(user) -> QuerySet[Document]:
    """The documents ``user`` may see: decided by each document's kind (unknown kinds: none)."""
    return Document.objects.filter(kind__in=kinds_visible_to(user))
