"""Exports for funders and partners: who took part in a period, with the cohort they were in.

Three selections: the newcomers a referring organisation sent who took part in the period (for
its per-participant payment), the participants of a project, and those of a municipality. "Took
part in the period" is the dashboard's definition: an enrolment in a cohort whose period
overlaps it, unless it was left before the period began or before the cohort started.

These files name people: only coordinators and administrators (``reports.personal``) make them.
CSV and Excel are written at once (formula-safe, through ``vvsite.documents.spreadsheets``); the PDF
is a document of kind ``funder_export`` rendered in the background.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Enrolment
from participants.models import Municipality, Organisation
from participants.selectors import profile_of
from vvsite.documents.models import Document
from vvsite.documents.pdf import html_to_pdf
from vvsite.documents.registry import PDF, RenderedFile

REFERRER, PROJECT, MUNICIPALITY = "referrer", "project", "municipality"
SELECTIONS = (
    (REFERRER, _("Newcomers referred by an organisation")),
    (PROJECT, _("Participants of a project")),
    (MUNICIPALITY, _("Participants in a municipality")),
)
#: The kind of document (registered in ``ReportingConfig.ready``).
FUNDER_EXPORT = "funder_export"
TEMPLATE = "reporting/pdf/funder_export.html"
STYLESHEET = "reporting/pdf/funder_export.css"


@dataclass(frozen=True)
class Export:
    """What to export: one selection and a period (both days included)."""

    selection: str
    start: date
    end: date
    organisation: Organisation | None = None
    project: str = ""
    municipality: Municipality | None = None

    def __post_init__(self):
        if self.selection not in dict(SELECTIONS):
            raise ValueError(f"Unknown export selection {self.selection!r}")
        if self.end < self.start:
            raise ValueError("The period ends before it starts")
        needed = {
            REFERRER: self.organisation,
            PROJECT: self.project,
            MUNICIPALITY: self.municipality,
        }[self.selection]
        if not needed:
            raise ValueError(f"The {self.selection} export needs its {self.selection}")

    @property
    def subject(self) -> str:
        if self.selection == REFERRER:
            return gettext("Newcomers referred by %(name)s") % {"name": self.organisation}
        if self.selection == PROJECT:
            return gettext("Participants of project %(name)s") % {"name": self.project}
        return gettext("Participants in %(name)s") % {"name": self.municipality}

    @property
    def period(self) -> str:
        return "%s – %s" % (date_format(self.start, "j F Y"), date_format(self.end, "j F Y"))

    @property
    def filename_stem(self) -> str:
        return slugify(f"{self.subject} {self.start:%Y-%m-%d} {self.end:%Y-%m-%d}") or "export"

    def parameters(self) -> dict:
        """JSON for a ``Document``: primary keys and ISO dates."""
        return {
            "selection": self.selection,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "organisation": self.organisation.pk if self.organisation else None,
            "project": self.project,
            "municipality": self.municipality.pk if self.municipality else None,
        }

    @classmethod
    def from_parameters(cls, parameters: dict) -> Export:
        organisation = municipality = None
        if parameters.get("organisation"):
            organisation = Organisation.objects.get(pk=parameters["organisation"])
        if parameters.get("municipality"):
            municipality = Municipality.objects.get(pk=parameters["municipality"])
        return cls(
            selection=parameters["selection"],
            start=date.fromisoformat(parameters["start"]),
            end=date.fromisoformat(parameters["end"]),
            organisation=organisation,
            project=parameters.get("project") or "",
            municipality=municipality,
        )


def projects() -> list[str]:
    """The projects cohorts belong to, for the export form."""
    names = Cohort.objects.exclude(project="").values_list("project", flat=True).distinct()
    return sorted(set(names), key=str.casefold)


def export_enrolments(export: Export) -> QuerySet[Enrolment]:
    """The enrolments taking part in the period, with everything a row shows (one query)."""
    left_early = Q(status=Enrolment.Status.LEFT) & (
        Q(ended_on__lt=export.start) | Q(ended_on__lt=F("cohort__start_date"))
    )
    enrolments = Enrolment.objects.filter(
        cohort__start_date__lte=export.end, cohort__end_date__gte=export.start
    ).exclude(left_early)
    if export.selection == REFERRER:
        enrolments = enrolments.filter(
            role=Enrolment.Role.NEWCOMER, person__newcomer__referrer=export.organisation
        )
    elif export.selection == PROJECT:
        enrolments = enrolments.filter(cohort__project=export.project)
    else:
        enrolments = enrolments.filter(cohort__municipality=export.municipality)
    return enrolments.select_related(
        "person",
        "person__municipality",
        "person__newcomer",
        "person__newcomer__referrer",
        "cohort",
        "cohort__programme",
        "cohort__municipality",
        "cohort__funder",
    ).order_by("cohort__start_date", "cohort__number", "role", "person__family_name", "pk")


HEADERS = (
    pgettext_lazy("the person's number in the records", "Number"),
    _("Given names"),
    _("Family name"),
    _("Date of birth"),
    _("Lives in"),
    _("As"),
    _("Cohort"),
    _("Programme"),
    _("Municipality of the cohort"),
    _("Project"),
    _("Funder"),
    _("Cohort start"),
    _("Cohort end"),
    _("Status"),
    _("Left on"),
    _("Reason for leaving"),
    _("Referred by"),
    _("Registered on"),
)


def export_rows(export: Export) -> Iterator[list[object]]:
    """The header and one row per enrolment, values as a person reads them."""
    yield [str(header) for header in HEADERS]
    for enrolment in export_enrolments(export).iterator(chunk_size=500):
        person, cohort = enrolment.person, enrolment.cohort
        is_newcomer = enrolment.role == Enrolment.Role.NEWCOMER
        newcomer = profile_of(person, "newcomer") if is_newcomer else None
        yield [
            person.pk,
            person.given_names,
            person.family_name,
            person.birth_date or "",
            str(person.municipality or ""),
            enrolment.get_role_display(),
            cohort.number,
            cohort.programme.name,
            cohort.municipality.name,
            cohort.project,
            str(cohort.funder or ""),
            cohort.start_date,
            cohort.end_date,
            enrolment.get_status_display(),
            enrolment.ended_on or "",
            enrolment.get_leave_reason_display() if enrolment.leave_reason else "",
            str(newcomer.referrer or "") if newcomer else "",
            newcomer.registered_on if newcomer else "",
        ]


#: Columns of the PDF (it is printed: fewer columns than the spreadsheet).
PDF_COLUMNS = (0, 1, 2, 3, 5, 6, 11, 12, 13, 14, 16)


def funder_export(document: Document, progress) -> RenderedFile:
    export = Export.from_parameters(document.parameters)
    progress(10, "")
    header, *rows = list(export_rows(export))
    shown = [
        [
            date_format(value, "d-m-Y") if isinstance(value, date) else value
            for index, value in enumerate(row)
            if index in PDF_COLUMNS
        ]
        for row in rows
    ]
    context = {
        "export": export,
        "headers": [header[index] for index in PDF_COLUMNS],
        "rows": shown,
        "count": ngettext("%(count)s enrolment", "%(count)s enrolments", len(rows))
        % {"count": len(rows)},
        "made_on": date_format(timezone.localdate(), "j F Y"),
    }
    progress(40, "")
    pdf = html_to_pdf(render_to_string(TEMPLATE, context), stylesheets=[STYLESHEET])
    message = ngettext("%(count)s page", "%(count)s pages", pdf.pages) % {"count": pdf.pages}
    return RenderedFile(
        content=pdf.content,
        filename=f"{export.filename_stem}.pdf",
        content_type=PDF,
        message=message,
    )
