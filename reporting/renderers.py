"""What each kind of document is made of: a renderer per kind, registered here.

A renderer takes the ``Document`` (its kind and parameters) and ``progress(percent, message)``
and returns the file. Other parts of the application add theirs with ``register_renderer``
(the annual report, exports for funders).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from reporting.certificates import certificate_source, render_certificates
from reporting.models import Document
from vvsite.jobs import ProgressFn

PDF = "application/pdf"


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str
    #: Shown on the document's page when done (e.g. "40 pages").
    message: str = ""


Renderer = Callable[[Document, ProgressFn], RenderedFile]
_renderers: dict[str, Renderer] = {}


def register_renderer(*kinds: str) -> Callable[[Renderer], Renderer]:
    """Decorator: ``@register_renderer(Document.Kind.ANNUAL_REPORT)``."""

    def decorator(renderer: Renderer) -> Renderer:
        for kind in kinds:
            _renderers[kind] = renderer
        return renderer

    return decorator


def has_renderer(kind: str) -> bool:
    return kind in _renderers


def renderer_for(kind: str) -> Renderer:
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No renderer registered for documents of kind {kind!r}") from None


@register_renderer(Document.Kind.CERTIFICATE, Document.Kind.COHORT_CERTIFICATES)
def certificates(document: Document, progress: ProgressFn) -> RenderedFile:
    """One certificate, or a whole cohort's as one PDF for printing, page per person."""
    items = list(certificate_source()(kind=document.kind, parameters=document.parameters))
    if not items:
        raise ValueError("The certificate source found no certificates for these parameters")

    def report(done: int, total: int) -> None:
        message = gettext("Certificate %(done)s of %(total)s") % {"done": done, "total": total}
        progress(int(95 * done / total), message)

    pdf = render_certificates(items, progress=report)
    if document.kind == Document.Kind.CERTIFICATE:
        name = "%s %s" % (gettext("certificate"), items[0].full_name_latin)
    else:
        name = gettext("certificates cohort %(number)s") % {"number": items[0].cohort_number}
    message = ngettext("%(count)s page", "%(count)s pages", pdf.pages) % {"count": pdf.pages}
    if pdf.missing_glyphs:
        message += ". " + gettext("Characters no font could print: %(chars)s") % {
            "chars": ", ".join(sorted(pdf.missing_glyphs))
        }
    return RenderedFile(
        content=pdf.content,
        filename=f"{slugify(name) or 'document'}.pdf",
        content_type=PDF,
        message=message,
    )
