"""The coordinator lists (django-tables2): sortable columns, one query per page."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from participants.models import Buddy, Newcomer

EMPTY = "\N{EN DASH}"
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle", "data-testid": "people"}


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


class NewcomerTable(_PersonTable):
    name = _name_column("participants:newcomer_detail")
    country_of_origin = tables.Column(verbose_name=_("Country"), default=EMPTY)
    target_group = tables.Column(verbose_name=_("Target group"), default=EMPTY)
    dutch_level = tables.Column(verbose_name=_("Dutch"), default=EMPTY)
    referrer = tables.Column(
        accessor="referrer__name", verbose_name=_("Referred by"), default=EMPTY
    )

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
