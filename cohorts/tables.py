"""The cohort list (django-tables2): sortable columns, one query per page."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort

EMPTY = "\N{EN DASH}"
PER_PAGE = 25


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
