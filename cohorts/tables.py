"""The coordinators' lists of cohorts and sessions (django-tables2): sortable columns, one query
per page."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Session

EMPTY = "\N{EN DASH}"
PER_PAGE = 25
SESSIONS_PER_PAGE = 40


class CohortTable(tables.Table):
    cohort = tables.TemplateColumn(
        template_code=(
            '<a class="fw-medium" href="{% url \'cohorts:cohort_detail\' record.pk %}">'
            "{{ record }}</a>"
        ),
        accessor="number",
        verbose_name=_("Cohort"),
    )
    status = tables.TemplateColumn(
        template_code='{% include "cohorts/_status_badge.html" with cohort=record %}',
        verbose_name=_("Status"),
    )
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__name",))
    municipality = tables.Column(verbose_name=_("Municipality"), order_by=("municipality__name",))
    period = tables.TemplateColumn(
        template_code='{{ record.start_date|date:"j b Y" }} – {{ record.end_date|date:"j b Y" }}',
        accessor="start_date",
        verbose_name=_("Period"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    newcomers = tables.TemplateColumn(
        template_code="{{ record.newcomers }} / {{ record.newcomer_capacity }}",
        verbose_name=_("Newcomers"),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )
    buddies = tables.TemplateColumn(
        template_code="{{ record.buddies }} / {{ record.buddy_capacity }}",
        verbose_name=_("Buddies"),
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )
    group_count = tables.Column(
        verbose_name=_("Groups"), attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}}
    )
    next_session = tables.DateTimeColumn(
        format="D j b, H:i",
        verbose_name=_("Next session"),
        default=EMPTY,
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta:
        model = Cohort
        fields = ()
        sequence = (
            "cohort",
            "status",
            "programme",
            "municipality",
            "period",
            "newcomers",
            "buddies",
            "group_count",
            "next_session",
        )
        attrs = {"class": "table table-hover align-middle", "data-testid": "cohorts"}
        empty_text = _("No cohorts yet.")
        order_by = ("-cohort",)


def _session_row_class(record) -> str:
    if record.is_cancelled:
        return "session-cancelled"
    return "session-past" if record.ends_at < timezone.now() else ""


class SessionTable(tables.Table):
    """The coordinators' list of sessions from today on."""

    date = tables.DateColumn(
        accessor="starts_at",
        format="D j b Y",
        verbose_name=_("Date"),
        order_by=("starts_at", "pk"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    time = tables.TemplateColumn(
        template_code='{{ record.starts_at|time:"H:i" }}–{{ record.ends_at|time:"H:i" }}',
        accessor="starts_at",
        verbose_name=_("Time"),
        orderable=False,
        attrs={"td": {"class": "text-nowrap"}},
    )
    title = tables.TemplateColumn(
        template_name="cohorts/_session_title_cell.html", verbose_name=_("Session")
    )
    cohort = tables.TemplateColumn(
        template_name="cohorts/_session_cohort_cell.html",
        verbose_name=_("Cohort"),
        order_by=("cohort__number",),
    )
    group = tables.Column(
        accessor="group__name",
        verbose_name=_("Group"),
        default=EMPTY,
        attrs={"td": {"class": "text-nowrap"}},
    )
    location = tables.Column(verbose_name=_("Location"), default=EMPTY)
    present = tables.TemplateColumn(
        template_name="cohorts/_session_present_cell.html",
        accessor="pk",
        verbose_name=_("Present"),
        orderable=False,
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end text-nowrap"}},
    )

    class Meta:
        model = Session
        fields = ()
        sequence = ("date", "time", "title", "cohort", "group", "location", "present")
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "sessions"}
        row_attrs = {"class": _session_row_class}
        empty_text = _("No sessions planned.")
        order_by = ("date",)
