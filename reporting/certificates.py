"""Certificates: one page per person, handed out at a cohort's closing, rendered from plain data.

The data comes from a *certificate source*: a function the cohorts app registers with
``register_certificate_source`` that turns a document's parameters into ``CertificateData``
(one item for a ``certificate``, the whole cohort for ``cohort_certificates``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participants.vocab import Pillar
from reporting.pdf import CountProgressFn, PageCountError, RenderedPDF, render_pdf_pages

#: A growth note up to this long keeps every certificate on one page (the closing form's limit).
MAX_NOTE_LENGTH = 500
ROLES = {"newcomer": _("newcomer"), "buddy": _("buddy")}

TEMPLATE = "reporting/pdf/certificate.html"
STYLESHEET = "reporting/pdf/certificate.css"

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


CertificateSource = Callable[..., Sequence[CertificateData]]
_source: CertificateSource | None = None


def register_certificate_source(source: CertificateSource | None) -> CertificateSource | None:
    """Register the function that supplies certificate data:
    ``source(*, kind: str, parameters: dict) -> Sequence[CertificateData]``.

    One source at a time (the cohorts app's); registering again replaces it, ``None`` removes
    it. Returns the source, so it can be used as a decorator.
    """
    global _source
    _source = source
    return source


def certificate_source() -> CertificateSource:
    if _source is None:
        raise LookupError("No certificate source registered (register_certificate_source)")
    return _source


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
