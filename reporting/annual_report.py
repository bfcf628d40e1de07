"""The annual report: the year's key figures against the targets, trends as charts, the cohorts
of the year and the volunteer hours, as a PDF with a cover, a table of contents and page numbers.

Rendered by the Document pipeline (kind ``annual_report``, parameters ``{"year": 2025}``). The
figures are computed afresh from the data, not read from the dashboard's snapshot, so the report
is as current as the moment it is made; the hours table is the hours summary itself
(``volunteers.selectors.year_summary``). Like the dashboard it names nobody.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from cohorts.models import Cohort, Enrolment
from participants.models import Municipality, Organisation
from reporting import dashboard
from reporting.catalogue import KPIS, kpi
from reporting.kpis import kpi_years, kpis_compute, year_bounds
from reporting.privacy import small_count
from volunteers.selectors import year_summary
from vvsite.documents.models import Document
from vvsite.documents.pdf import html_to_pdf
from vvsite.documents.registry import PDF, RenderedFile

#: The kind of document (registered in ``ReportingConfig.ready``).
ANNUAL_REPORT = "annual_report"
TEMPLATE = "reporting/pdf/annual_report.html"
STYLESHEET = "reporting/pdf/annual_report.css"
#: Years of history the trend charts show, the report's year included.
TREND_YEARS = 5

#: The figures of the summary table, in order.
SUMMARY = (
    "newcomers",
    "buddies",
    "cohorts_started",
    "cohorts_completed",
    "matches_active",
    "matches_new",
    "matches_total",
    "hours",
    "hours_value",
    "eval:dutch_improved",
    "ladder_up_share",
    "dropout_rate",
    "registrations",
    "waiting",
    "waiting_days",
)
#: The figures per municipality.
PER_MUNICIPALITY = ("newcomers", "buddies", "cohorts_started", "dropouts", "waiting", "hours")


def report_year(parameters: dict, today: date | None = None) -> int:
    today = today or timezone.localdate()
    try:
        year = int(parameters["year"])
    except (KeyError, TypeError, ValueError):
        raise ValueError("An annual report needs a year") from None
    if not 2000 <= year <= today.year:
        raise ValueError(f"No annual report for {year}")
    return year


def cohorts_of(year: int) -> list[dict]:
    """The cohorts that ran during ``year`` with how many newcomers and buddies took part
    ("< 5" for fewer than five). One query."""
    start, end = year_bounds(year)
    took_part = ~Q(
        enrolments__status=Enrolment.Status.LEFT,
        enrolments__ended_on__lt=F("start_date"),
    )
    cohorts = (
        Cohort.objects.filter(start_date__lte=end, end_date__gte=start)
        .select_related("programme", "municipality")
        .annotate(
            newcomers=Count(
                "enrolments",
                filter=Q(enrolments__role=Enrolment.Role.NEWCOMER) & took_part,
            ),
            buddies=Count(
                "enrolments",
                filter=Q(enrolments__role=Enrolment.Role.BUDDY) & took_part,
            ),
        )
        .order_by("start_date", "number")
    )
    return [
        {
            "cohort": cohort,
            "newcomers": small_count(cohort.newcomers),
            "buddies": small_count(cohort.buddies),
            "start": date_format(cohort.start_date, "j M Y"),
            "end": date_format(cohort.end_date, "j M Y"),
        }
        for cohort in cohorts
    ]


def _per_municipality(computed: dict, year: int) -> list[dict]:
    """A row of ``PER_MUNICIPALITY`` figures for each municipality with figures in ``year``."""
    municipalities = Municipality.objects.filter(
        pk__in={scope for (y, scope) in computed if y == year and scope is not None}
    ).order_by("name")
    return [
        {
            "name": municipality.name,
            "cells": [
                dashboard.show(kpi(code), computed.get((year, municipality.pk), {}).get(code))
                for code in PER_MUNICIPALITY
            ],
        }
        for municipality in municipalities
    ]


def annual_report_context(year: int, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    years = [y for y in kpi_years(today) if year - TREND_YEARS < y <= year] or [year]
    computed = kpis_compute(years)
    by_year = dashboard.scope_figures(computed, None)
    targets = dashboard.targets_for(years, None)
    figures = by_year.get(year, {})
    goals = targets.get(year, {})

    names = dict(
        Organisation.objects.filter(pk__in=dashboard.referrer_ids({year: figures})).values_list(
            "pk", "name"
        )
    )
    matches_available = figures.get("matches_total") is not None
    return {
        "year": year,
        "running": year >= today.year,
        "made_on": date_format(today, "j F Y"),
        "summary": [
            dashboard.card(code, figures, goals, year=year, today=today)
            for code in SUMMARY
            if matches_available or not code.startswith("matches")
        ],
        "figures": {code.replace(":", "_"): value for code, value in figures.items()},
        "shown": {
            definition.code.replace(":", "_"): dashboard.show(
                definition, figures.get(definition.code), figures
            )
            for definition in KPIS
        },
        "matches_available": matches_available,
        "cohorts": cohorts_of(year),
        "charts": dashboard.trend_charts(by_year, targets, years),
        "reason_chart": dashboard.reason_chart(figures, year),
        "reasons": dashboard.dropout_reasons(figures),
        "health_chart": dashboard.health_chart(figures, year),
        "health": dashboard.health_changes(figures),
        "evaluations": dashboard.evaluation_rows(figures),
        "referrers": dashboard.referrer_rows(figures, names),
        "hours": year_summary(year),
        "per_municipality": _per_municipality(computed, year),
        "per_municipality_headers": [kpi(code).label for code in PER_MUNICIPALITY],
        "definitions": [
            definition
            for definition in KPIS
            if definition.help and not definition.code.startswith(("eval:", "health:"))
        ],
    }


def annual_report(document: Document, progress) -> RenderedFile:
    year = report_year(document.parameters)
    progress(10, gettext("Computing the key figures"))
    context = annual_report_context(year)
    progress(40, gettext("Laying out the pages"))
    pdf = html_to_pdf(render_to_string(TEMPLATE, context), stylesheets=[STYLESHEET])
    message = ngettext("%(count)s page", "%(count)s pages", pdf.pages) % {"count": pdf.pages}
    name = gettext("annual report %(year)s") % {"year": year}
    return RenderedFile(
        content=pdf.content,
        filename=f"{slugify(name)}.pdf",
        content_type=PDF,
        message=message,
    )
