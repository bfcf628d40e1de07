"""Reads for reporting: which documents a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import Document
from vvsite.access import can

#: The capability a user needs to see, ask for and download a document of each kind.
#: Certificates and exports hold personal data; the annual report only aggregates.
KIND_CAPABILITY: dict[str, str] = {
    Document.Kind.CERTIFICATE: "reports.personal",
    Document.Kind.COHORT_CERTIFICATES: "reports.personal",
    Document.Kind.FUNDER_EXPORT: "reports.personal",
    Document.Kind.ANNUAL_REPORT: "annual_report.view",
}


def kinds_visible_to(user) -> list[str]:
    return [kind for kind, capability in KIND_CAPABILITY.items() if can(user, capability)]


def documents_visible_to(user) -> QuerySet[Document]:
    """The documents ``user`` may see: decided by each document's kind (unknown kinds: none)."""
    return Document.objects.filter(kind__in=kinds_visible_to(user))
