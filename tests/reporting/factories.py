"""Factories and invented certificate data for the reporting tests (no real people)."""

from datetime import date

import factory
from django.core.files.base import ContentFile

from cohorts.certificates import CertificateData
from reporting.annual_report import ANNUAL_REPORT
from tests.factories import JobFactory
from vvsite.documents.models import Document
from vvsite.documents.services import TASK

NOTES = {
    "language": "Spreekt nu met vertrouwen Nederlands bij de huisarts en op school.",
    "culture": "Bezocht samen met het maatje de markt en een voorstelling in het theater.",
    "social_contacts": "Heeft een vaste groep vrienden uit de coachgroep.",
    "health": "Wandelt wekelijks mee met de wandelgroep en voelt zich fitter.",
    "work": "Loopt stage bij een kinderdagverblijf en wil de opleiding gaan volgen.",
}

#: Invented names: one Latin only, one in Arabic script, one in Ethiopic script.
LATIN = ("Lotte Verhoeven", "", "")
ARABIC = ("Nour Haddad", "نور حداد", "ar")
ETHIOPIC = ("Saba Tesfaye", "ሳባ ተስፋየ", "ti")


def certificate_data(names=LATIN, **fields) -> CertificateData:
    latin, native, language = names
    values = {
        "full_name_latin": latin,
        "full_name_native": native,
        "native_language": language,
        "role": "newcomer",
        "cohort_number": 14,
        "cohort_name": "Voorjaar 2025",
        "programme": "Maatjesprogramma 18 maanden",
        "start": date(2024, 3, 1),
        "end": date(2025, 8, 31),
        "growth_notes": NOTES,
        "coordinator_name": "Coördinator Voorbeeld",
        "organisation_name": "Stichting Voorbeeld Maatjes",
    }
    return CertificateData(**{**values, **fields})


def cohort_data(size=3) -> list[CertificateData]:
    """A cohort: the three scripts first, then Latin-only names."""
    people = [LATIN, ARABIC, ETHIOPIC]
    people += [(f"Deelnemer {n}", "", "") for n in range(len(people) + 1, size + 1)]
    return [certificate_data(names) for names in people[:size]]


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = ANNUAL_REPORT
    parameters = factory.Sequence(lambda n: {"year": 2000 + n})
    job = factory.SubFactory(JobFactory, task=TASK)


class ReadyDocumentFactory(DocumentFactory):
    """A rendered document with its file on the (test) storage."""

    job = factory.SubFactory(JobFactory, task=TASK, status="done")
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.7 test", name="document.pdf"))
    filename = "jaarverslag-2024.pdf"
    content_type = "application/pdf"
    size = 13
