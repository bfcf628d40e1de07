"""Certificates: one page per person, handed out at a cohort's closing.

Two kinds of document, registered in ``CohortsConfig.ready``: ``certificate`` (parameters
``{"enrolment": pk}``) and ``cohort_certificates`` (``{"cohort": pk}``: everyone who completed
it, newcomers first). The coordinator who signs is the user the document is being made for: the
requester of the job rendering it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cohorts.models import Enrolment
from participants.vocab import Pillar
from vvsite.documents.models import Document
from vvsite.documents.pdf import CountProgressFn, PageCountError, RenderedPDF, render_pdf_pages
from vvsite.documents.registry import PDF, RenderedFile
from vvsite.jobs import ProgressFn

#: The kinds of document: one person's certificate, and a cohort's as one PDF for printing.
CERTIFICATE = "certificate"
COHORT_CERTIFICATES = "cohort_certificates"
DEFAULT_ORGANISATION_NAME = "Maatjesprogramma"

#: A growth note up to this long keeps every certificate on one page (the closing form's limit).
MAX_NOTE_LENGTH = 500
ROLES = {"newcomer": _("newcomer"), "buddy": _("buddy")}

TEMPLATE = "cohorts/pdf/certificate.html"
STYLESHEET = "cohorts/pdf/certificate.css"

#: Unicode script (first word of a letter's name) -> ISO 15924 code, for ``lang="und-Xxxx"``.
_SCRIPTS = {
    "ARABIC": "Arab",
    "ETHIOPIC": "Ethi",
    "CYRILLIC": "Cyrl",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "DEVANAGARI": "Deva",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "LATIN": "Latn",
}
_RTL_SCRIPTS = frozenset({"Arab", "Hebr"})


@dataclass(frozen=True, kw_only=True)
class CertificateData:
    """Everything one certificate shows. ``growth_notes`` maps a ``Pillar`` to the
    note written at closing; pillars without a note are left out."""

    full_name_latin: str
    full_name_native: str = ""
    role: str  # "newcomer" or "buddy"
    cohort_number: int
    cohort_name: str = ""
    programme: str
    start: date
    end: date
    growth_notes: dict[str, str]
    coordinator_name: str
    organisation_name: str
    #: BCP 47 language of ``full_name_native`` when known ("ar", "fa", "ti"); else the script
    #: is detected and the name marked ``und-<script>``.
    native_language: str = ""

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"Unknown certificate role {self.role!r}")
        unknown = set(self.growth_notes) - set(Pillar.values)
        if unknown:
            raise ValueError(f"Unknown pillars in growth notes: {sorted(unknown)}")


class CertificateTooLong(ValueError):
    """A certificate's text does not fit on its one page."""


def script_of(text: str) -> str:
    """The ISO 15924 code of the first letter's script ("Arab", "Ethi"), or "" if unknown."""
    for char in text:
        if char.isalpha():
            return _SCRIPTS.get(unicodedata.name(char, "").split(" ")[0], "")
    return ""


def native_name_attributes(item: CertificateData) -> dict[str, str]:
    """``lang`` and ``dir`` for the native-script name: WeasyPrint does not do ``dir="auto"``,
    so the direction is decided here from the script."""
    script = script_of(item.full_name_native)
    return {
        "lang": item.native_language or (f"und-{script}" if script else "und"),
        "dir": "rtl" if script in _RTL_SCRIPTS else "ltr",
    }


def _density(item: CertificateData) -> str:
    """How tightly to set the notes. Measured: five notes fill one page at about 800 characters
    in all (normal), 1,400 (compact) and 2,700 (dense); the limits keep a margin."""
    length = sum(len(note) for note in item.growth_notes.values())
    return "normal" if length <= 700 else "compact" if length <= 1300 else "dense"


def _date(value: date) -> str:
    """ "1 maart 2024", never broken over two lines."""
    return date_format(value, "j F Y").replace(" ", "\u00a0")


def certificate_context(item: CertificateData) -> dict:
    cohort = gettext("cohort %(number)s") % {"number": item.cohort_number}
    if item.cohort_name:
        cohort = f"{cohort} ({item.cohort_name})"
    return {
        "item": item,
        "role": ROLES[item.role],
        "cohort": cohort,
        "start": _date(item.start),
        "end": _date(item.end),
        "native": native_name_attributes(item),
        "notes": [
            (label, item.growth_notes[key].strip())
            for key, label in Pillar.choices
            if item.growth_notes.get(key, "").strip()
        ],
        "density": _density(item),
    }


def render_certificates(
    items: Sequence[CertificateData], progress: CountProgressFn | None = None
) -> RenderedPDF:
    """One PDF with one page per item, in the order given. ``progress(done, total)`` is called
    after each certificate. A certificate that does not fit on one page is an error."""
    try:
        return render_pdf_pages(
            TEMPLATE,
            [certificate_context(item) for item in items],
            stylesheets=[STYLESHEET],
            progress=progress,
            pages_each=1,
        )
    except PageCountError as exc:  # the coordinator can fix this: say so in their language
        raise CertificateTooLong(
            gettext(
                "Certificate %(number)s of %(total)s does not fit on one page: "
                "shorten its growth notes."
            )
            % {"number": exc.number, "total": len(items)}
        ) from exc


# --- The documents --------------------------------------------------------------------------------


def _completed(document: Document) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    if document.kind == CERTIFICATE:
        return enrolments.filter(pk=document.parameters["enrolment"])
    return enrolments.filter(cohort_id=document.parameters["cohort"])


def certificate_items(document: Document) -> list[CertificateData]:
    """What the document's certificates show, signed by the user it is being made for."""
    enrolments = (
        _completed(document)
        .select_related("person", "cohort", "cohort__programme")
        .order_by("-role", "person__family_name", "person__given_names", "pk")
    )
    signer = document.job.created_by
    organisation = getattr(settings, "ORGANISATION_NAME", DEFAULT_ORGANISATION_NAME)
    return [
        CertificateData(
            full_name_latin=enrolment.person.full_name,
            full_name_native=enrolment.person.native_name,
            role=enrolment.role,
            cohort_number=enrolment.cohort.number,
            cohort_name=enrolment.cohort.name,
            programme=enrolment.cohort.programme.name,
            start=enrolment.cohort.start_date,
            end=enrolment.cohort.end_date,
            growth_notes={
                key: note
                for key, note in (enrolment.growth_notes or {}).items()
                if key in Pillar.values and note
            },
            coordinator_name=signer.full_name if signer else "",
            organisation_name=organisation,
        )
        for enrolment in enrolments
    ]


def certificates_pdf(document: Document, progress: ProgressFn) -> RenderedFile:
    """The renderer of both kinds: one certificate, or a cohort's, a page per person."""
    items = certificate_items(document)
    if not items:
        raise ValueError("No completed enrolments to make certificates for")

    def report(done: int, total: int) -> None:
        message = gettext("Certificate %(done)s of %(total)s") % {"done": done, "total": total}
        progress(int(95 * done / total), message)

    pdf = render_certificates(items, progress=report)
    if document.kind == CERTIFICATE:
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


def certificate_documents(*, cohort, enrolment_ids: Sequence[int]) -> tuple[Document | None, dict]:
    """For the closing page: the cohort's latest certificates document, and each enrolment's
    latest certificate (enrolment pk -> document)."""
    documents = Document.objects.select_related("job", "created_by").order_by("-created_at")
    cohort_document = documents.filter(
        kind=COHORT_CERTIFICATES, parameters__cohort=cohort.pk
    ).first()
    personal: dict[int, Document] = {}
    for document in documents.filter(
        kind=CERTIFICATE, parameters__enrolment__in=list(enrolment_ids)
    ):
        personal.setdefault(document.parameters.get("enrolment"), document)
    return cohort_document, personal
