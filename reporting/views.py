from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants.models import Municipality
from reporting import exports
from reporting.annual_report import ANNUAL_REPORT
from reporting.dashboard import dashboard_page, latest_snapshot
from reporting.forms import (
    AnnualReportForm,
    DashboardFilterForm,
    ExportForm,
    TargetFormSet,
    target_initial,
)
from reporting.kpis import kpi_years
from reporting.models import Target
from reporting.services import (
    kpis_refresh_request,
    kpis_refresh_running,
    targets_save,
)
from vvsite.access import can, requires
from vvsite.documents.selectors import documents_visible_to
from vvsite.documents.services import document_request
from vvsite.documents.spreadsheets import export_csv, export_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- The board's dashboard ------------------------------------------------------------------------


@requires("dashboard.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Key figures of a year against the targets, for all municipalities or one, with trends."""
    today = timezone.localdate()
    snapshot = latest_snapshot()
    years = snapshot.years if snapshot else [today.year]
    year = today.year if today.year in years else years[-1]
    form = DashboardFilterForm(request.GET or None, years=years)
    municipality = None
    if form.is_valid():
        year, municipality = form.cleaned_data["jaar"], form.cleaned_data["gemeente"]
    else:
        form = DashboardFilterForm(initial={"jaar": year}, years=years)
    page = dashboard_page(snapshot=snapshot, year=year, municipality=municipality, today=today)
    may_refresh = can(request.user, "reports.personal")
    context = {
        "page": page,
        "form": form,
        "may_refresh": may_refresh,
        "refreshing": kpis_refresh_running() if may_refresh else None,
    }
    return render(request, "reporting/dashboard.html", context)


@requires("reports.personal")
@require_POST
def kpis_refresh(request: HttpRequest) -> HttpResponse:
    """Compute the key figures again now, in the background."""
    kpis_refresh_request(by=request.user)
    messages.info(
        request, _("The key figures are being computed again. Reload the page in a minute.")
    )
    url = reverse("reporting:dashboard")
    query = request.POST.get("query", "")
    return redirect(f"{url}?{query}" if query.isascii() and "\n" not in query else url)


# --- Annual report --------------------------------------------------------------------------------


@requires("annual_report.view")
def annual_report(request: HttpRequest) -> HttpResponse:
    """Choose a year and have its annual report made as a PDF."""
    years = kpi_years()
    form = AnnualReportForm(
        request.POST or None, years=years, initial={"year": max(years[0], years[-1] - 1)}
    )
    if request.method == "POST" and form.is_valid():
        document = document_request(
            kind=ANNUAL_REPORT,
            parameters={"year": form.cleaned_data["year"]},
            by=request.user,
        )
        return redirect("documents:document_detail", pk=document.pk)
    reports = (
        documents_visible_to(request.user).filter(kind=ANNUAL_REPORT).select_related("job")[:10]
    )
    return render(request, "reporting/annual_report.html", {"form": form, "reports": reports})


# --- Exports for funders and partners -------------------------------------------------------------


@requires("reports.personal")
def export(request: HttpRequest) -> HttpResponse:
    """Who took part in a period: CSV and Excel at once, PDF as a document."""
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = form.export()
        file_format = request.POST.get("format")
        if file_format == "pdf":
            try:
                document = document_request(
                    kind=exports.FUNDER_EXPORT,
                    parameters=chosen.parameters(),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("documents:document_detail", pk=document.pk)
        else:
            return _spreadsheet(chosen, xlsx=file_format == "xlsx")
    recent = (
        documents_visible_to(request.user)
        .filter(kind=exports.FUNDER_EXPORT, created_by=request.user)
        .select_related("job")[:5]
    )
    return render(request, "reporting/export.html", {"form": form, "recent": recent})


def _spreadsheet(chosen: exports.Export, *, xlsx: bool) -> HttpResponse:
    rows = exports.export_rows(chosen)
    stem = chosen.filename_stem
    if xlsx:
        response = HttpResponse(export_xlsx(rows, title=_("Participants")), content_type=XLSX)
        filename = f"{stem}.xlsx"
    else:
        response = HttpResponse(export_csv(rows), content_type="text/csv; charset=utf-8")
        filename = f"{stem}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Targets --------------------------------------------------------------------------------------


@requires("targets.manage")
def targets_current(request: HttpRequest) -> HttpResponse:
    """This year's targets (the menu's entry)."""
    return _targets(request, timezone.localdate().year)


@requires("targets.manage")
def targets(request: HttpRequest, year: int) -> HttpResponse:
    """The year's targets: per key figure, for all municipalities together and for each."""
    return _targets(request, year)


def _targets(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    municipalities = list(Municipality.objects.filter(active=True).order_by("name"))
    stored = Target.objects.filter(year=year)
    kwargs = {"form_kwargs": {"municipalities": municipalities}, "prefix": "doelen"}
    if request.method == "POST":
        formset = TargetFormSet(request.POST, **kwargs)
        if formset.is_valid():
            try:
                targets_save(year=year, values=formset.values(), by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The targets for %(year)s are saved.") % {"year": year})
                return redirect("reporting:targets", year=year)
    else:
        formset = TargetFormSet(initial=target_initial(year, stored, municipalities), **kwargs)
    this_year = timezone.localdate().year
    context = {
        "formset": formset,
        "year": year,
        "municipalities": municipalities,
        "years": list(range(this_year - 3, this_year + 4)),
    }
    return render(request, "reporting/targets.html", context)
