"""The coordinator lists (django-tables2): sortable columns, one query per page."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from participants.models import Buddy, Newcomer, Organisation

EMPTY = "\N{EN DASH}"
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle", "data-testid": "people"}
RIGHT = {"class": "text-end"}


def _name_column(detail_url: str) -> tables.TemplateColumn:
    return tables.TemplateColumn(
        template_name="participants/_name_cell.html",
        accessor="person",
        verbose_name=_("Name"),
        order_by=("person__family_name", "person__given_names"),
        extra_context={"detail_url": detail_url},
    )


class _PersonTable(tables.Table):
    status = tables.TemplateColumn(
        template_name="participants/_status_cell.html", verbose_name=_("Status")
    )
    municipality = tables.Column(
        accessor="person__municipality__name", verbose_name=_("Municipality"), default=EMPTY
    )
    registered_on = tables.DateColumn(
        short=True, verbose_name=_("Registered"), attrs={"td": {"class": "text-nowrap"}}
    )


class _NewcomerTable(_PersonTable):
    name = _name_column("participants:newcomer_detail")
    target_group = tables.Column(verbose_name=_("Target group"), default=EMPTY)
    dutch_level = tables.Column(verbose_name=_("Dutch"), default=EMPTY)
    referrer = tables.Column(
        accessor="referrer__name", verbose_name=_("Referred by"), default=EMPTY
    )


class NewcomerTable(_NewcomerTable):
    country_of_origin = tables.Column(verbose_name=_("Country"), default=EMPTY)

    class Meta:
        model = Newcomer
        fields = ()
        sequence = (
            "name",
            "status",
            "municipality",
            "country_of_origin",
            "target_group",
            "dutch_level",
            "referrer",
            "registered_on",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No newcomers match these filters.")
        order_by = ("-registered_on",)


class BuddyTable(_PersonTable):
    name = _name_column("participants:buddy_detail")
    profession = tables.Column(verbose_name=_("Profession"), default=EMPTY)
    vog_received_on = tables.DateColumn(short=True, verbose_name=_("VOG received"), default=EMPTY)

    class Meta:
        model = Buddy
        fields = ()
        sequence = (
            "name",
            "status",
            "municipality",
            "profession",
            "vog_received_on",
            "registered_on",
        )
        attrs = TABLE_ATTRS
        empty_text = _("No buddies match these filters.")
        order_by = ("-registered_on",)


class WaitingListTable(_NewcomerTable):
    """Who waits for a place; ``position`` counts in the waiting order, whatever the sort."""

    position = tables.Column(verbose_name="#", attrs={"td": {"class": "text-nowrap"}})
    priority = tables.TemplateColumn(
        template_name="participants/_priority_cell.html", verbose_name=_("Priority")
    )
    waiting = tables.TemplateColumn(
        "{{ record.status_changed_at|timesince }}",
        accessor="status_changed_at",
        verbose_name=_("Waiting"),
        order_by=("-status_changed_at",),
        attrs={"td": {"class": "text-nowrap"}},
    )

    class Meta:
        model = Newcomer
        fields = ()
        sequence = (
            "position",
            "name",
            "priority",
            "registered_on",
            "waiting",
            "municipality",
            "target_group",
            "dutch_level",
            "referrer",
        )
        exclude = ("status",)
        attrs = {**TABLE_ATTRS, "data-testid": "waiting-list"}
        empty_text = _("Nobody is waiting.")


class OrganisationTable(tables.Table):
    name = tables.TemplateColumn(
        template_name="participants/_organisation_name_cell.html", verbose_name=_("Name")
    )
    roles = tables.TemplateColumn(
        '{% include "participants/_organisation_roles.html" with organisation=record %}',
        accessor="pk",
        verbose_name=_("Role"),
        orderable=False,
    )
    municipality = tables.Column(
        accessor="municipality__name", verbose_name=_("Municipality"), default=EMPTY
    )
    contact_count = tables.Column(
        verbose_name=_("Contact persons"), attrs={"th": {"class": "text-end"}, "td": RIGHT}
    )
    referred = tables.Column(
        verbose_name=_("Newcomers referred"), attrs={"th": {"class": "text-end"}, "td": RIGHT}
    )

    class Meta:
        model = Organisation
        fields = ()
        sequence = ("name", "roles", "municipality", "contact_count", "referred")
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "" if record.active else "text-body-secondary"}
        empty_text = _("No organisations yet.")
        order_by = ("name",)
