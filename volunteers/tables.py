import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from volunteers.models import RoleKind
from volunteers.selectors import norms_for_year, roles_by_user

RIGHT = {"td": {"class": "text-end"}}
NONE = "\N{EN DASH}"


def hours_text(value) -> str:
    value = value.normalize()
    return number_format(value, decimal_pos=max(0, -value.as_tuple().exponent), force_grouping=True)


class HoursColumn(tables.Column):
    def render(self, value):
        return hours_text(value)


class OverviewTable(tables.Table):
    """Volunteers of one year against their norm. Roles and norms come in two queries per page."""

    full_name = tables.Column(verbose_name=_("Volunteer"), attrs={"td": {"class": "person-name"}})
    role_list = tables.Column(
        verbose_name=_("Roles"), accessor="pk", empty_values=(), orderable=False
    )
    approved = HoursColumn(verbose_name=_("Approved"), attrs=RIGHT)
    submitted = HoursColumn(verbose_name=_("Awaiting approval"), attrs=RIGHT)
    norm = tables.Column(
        verbose_name=_("Norm"),
        empty_values=(),
        orderable=False,
        attrs=RIGHT,
    )
    progress = tables.Column(
        verbose_name=_("Of norm"),
        empty_values=(),
        orderable=False,
        attrs=RIGHT,
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No volunteers with a role or hours in this year.")

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        self._roles = None
        self._norms = None

    def _roles_of(self, record) -> list[str]:
        if self._roles is None:
            rows = self.paginated_rows if hasattr(self, "page") else self.rows
            self._roles = roles_by_user([row.record for row in rows], year=self.year)
            self._norms = norms_for_year(self.year)
        return self._roles.get(record.pk, [])

    def _norm(self, record):
        known = [self._norms[k] for k in self._roles_of(record) if self._norms[k] is not None]
        return sum(known) if known else None

    def render_full_name(self, record):
        url = reverse("volunteers:volunteer_detail", args=[record.pk])
        return format_html('<a href="{}?jaar={}">{}</a>', url, self.year, record.full_name)

    def render_role_list(self, record):
        labels = dict(RoleKind.choices)
        return ", ".join(str(labels[kind]) for kind in self._roles_of(record)) or NONE

    def render_norm(self, record):
        norm = self._norm(record)
        return hours_text(norm) if norm is not None else NONE

    def render_progress(self, record):
        norm = self._norm(record)
        if not norm:
            return NONE
        return f"{int(record.approved * 100 / norm)}%"


class QueueTable(tables.Table):
    """The approval queue. Columns give the headers and the sorting; the rows are a plain
    template loop (``_queue_table.html``): rendering cell by cell cost most of the page's time
    budget at 50 rows (benchmarks/hours)."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"class": "form-check-input js-select-all", "aria-label": _("Select all")}
        },
    )
    date = tables.Column(verbose_name=_("Date"))
    volunteer = tables.Column(verbose_name=_("Volunteer"), order_by=("volunteer__full_name",))
    hours = tables.Column(verbose_name=_("Hours"), attrs={"th": {"class": "text-end"}})
    activity = tables.Column(verbose_name=_("Activity"))
    role_kind = tables.Column(verbose_name=_("Role"))
    note = tables.Column(verbose_name=_("Note"), orderable=False)

    class Meta:
        template_name = "volunteers/_queue_table.html"
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "queue"}
        empty_text = _("Nothing to approve: every entry has been handled.")


class HourHistoryTable(tables.Table):
    """A volunteer's own hours: paged and sortable, shown as cards that read well on a phone
    (``_hour_history.html``)."""

    date = tables.Column(verbose_name=_("Date"))
    hours = tables.Column(verbose_name=_("Hours"))
    activity = tables.Column(verbose_name=_("Activity"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        template_name = "volunteers/_hour_history.html"
        empty_text = _("You have not logged any hours yet.")
        order_by = ("-date",)


class PeriodTable(tables.Table):
    period = tables.Column(verbose_name=_("Period"), accessor="year", order_by=("-year", "-month"))
    closed_by = tables.Column(
        verbose_name=_("Closed by"), default=NONE, order_by=("closed_by__full_name",)
    )
    closed_at = tables.DateColumn(short=True, verbose_name=_("Closed on"))
    reopen = tables.TemplateColumn(
        template_name="volunteers/_period_reopen.html",
        verbose_name="",
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "text-end"}},
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "periods"}
        empty_text = _("No period has been closed yet.")

    def render_period(self, record):
        return f"{record.month:02d}-{record.year}" if record.month else str(record.year)


class VolunteerHoursTable(tables.Table):
    """One volunteer's hours of a year, on the coordinator's page of that volunteer."""

    date = tables.DateColumn("j M Y", verbose_name=_("Date"))
    hours = HoursColumn(verbose_name=_("Hours"), attrs={"th": {"class": "text-end"}, **RIGHT})
    activity = tables.Column(verbose_name=_("Activity"))
    role_kind = tables.Column(verbose_name=_("Role"))
    status = tables.TemplateColumn(
        '{% include "volunteers/_status_badge.html" with entry=record %}'
        '{% if record.reviewed_by %} <span class="small text-body-secondary">'
        "{{ record.reviewed_by }}</span>{% endif %}",
        verbose_name=_("Status"),
    )
    note = tables.TemplateColumn(
        "{{ record.note }}{% if record.rejection_reason %} "
        '<span class="text-danger">{{ record.rejection_reason }}</span>{% endif %}',
        verbose_name=_("Note"),
        orderable=False,
        attrs={"td": {"class": "small"}},
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle"}
        empty_text = _("No hours in this year.")
