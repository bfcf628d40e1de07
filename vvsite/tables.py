"""The background jobs list (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from vvsite.models import Job


class JobTable(tables.Table):
    id = tables.TemplateColumn(
        "<a href=\"{% url 'job_detail' record.pk %}\">{{ record.pk }}</a>", verbose_name="#"
    )
    task = tables.TemplateColumn("<code>{{ value }}</code>", verbose_name=_("Task"))
    status = tables.TemplateColumn(
        '{% include "jobs/_status_badge.html" with job=record %}', verbose_name=_("Status")
    )
    progress = tables.TemplateColumn("{{ value }}%", verbose_name=_("Progress"))
    created_by = tables.Column(
        verbose_name=_("Requested by"), default="\N{EN DASH}", order_by=("created_by__full_name",)
    )
    created_at = tables.DateTimeColumn(short=True, verbose_name=_("Requested at"))

    class Meta:
        model = Job
        fields = ()
        sequence = ("id", "task", "status", "progress", "created_by", "created_at")
        attrs = {"class": "table table-sm align-middle"}
        empty_text = _("No jobs yet.")
        order_by = ("-created_at",)
