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
