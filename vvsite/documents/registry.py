"""The kinds of document, registered by the apps that make them.

Each app registers its kinds in ``AppConfig.ready`` with ``register_document_kind``: the code
stored on the ``Document``, a label, the capability (``vvsite.access``) a user needs to see, ask
for and download one, and the renderer. A renderer takes the ``Document`` (its kind, parameters,
requester and job) and ``progress(percent, message)`` and returns the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not at run time: the models module imports this one
    from vvsite.documents.models import Document
    from vvsite.jobs import ProgressFn

PDF = "application/pdf"


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    content_type: str
    #: Shown on the document's page when done (e.g. "40 pages").
    message: str = ""


Renderer = Callable[["Document", "ProgressFn"], RenderedFile]


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    capability: str
    renderer: Renderer


_kinds: dict[str, DocumentKind] = {}


def register_document_kind(
    code: str, *, label: str, capability: str, renderer: Renderer
) -> DocumentKind:
    """Add a kind of document (registering a code again replaces it)."""
    kind = DocumentKind(code=code, label=label, capability=capability, renderer=renderer)
    _kinds[code] = kind
    return kind


def document_kind(code: str) -> DocumentKind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"No kind of document {code!r} is registered") from None


def document_kinds() -> list[DocumentKind]:
    return list(_kinds.values())


def kind_label(code: str) -> str:
    """The kind's label, or its code when no app registers it (any more)."""
    kind = _kinds.get(code)
    return str(kind.label) if kind is not None else code
