"""The lists of matching (django-tables2): sortable, one query per page."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from participants.models import Newcomer

EMPTY = "\N{EN DASH}"
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class MatchTable(tables.Table):
    newcomer = tables.TemplateColumn(
        template_name="matching/_match_cell.html",
        verbose_name=_("Newcomer"),
        accessor="newcomer__person",
        order_by=("newcomer__person__family_name", "newcomer__person__given_names"),
    )
    buddy = tables.TemplateColumn(
        template_name="matching/_person_cell.html",
        verbose_name=_("Buddy"),
        accessor="buddy__person",
        order_by=("buddy__person__family_name", "buddy__person__given_names"),
    )
    cohort = tables.TemplateColumn(
        template_name="matching/_cohort_cell.html",
        verbose_name=_("Cohort"),
        order_by="cohort__number",
    )
    status = tables.TemplateColumn(
        template_name="matching/_status_cell.html", verbose_name=_("Status")
    )
    proposed_on = tables.DateColumn(short=True, verbose_name=_("Proposed"))
    started_on = tables.DateColumn(short=True, verbose_name=_("Active since"), default=EMPTY)
    ended_on = tables.DateColumn(short=True, verbose_name=_("Ended"), default=EMPTY)
    last_checkin = tables.DateColumn(short=True, verbose_name=_("Last check-in"), default=EMPTY)

    class Meta:
        model = Match
        fields = ()
        sequence = (
            "newcomer",
            "buddy",
            "cohort",
            "status",
            "proposed_on",
            "started_on",
            "ended_on",
            "last_checkin",
        )
        attrs = {**TABLE_ATTRS, "data-testid": "matches"}
        empty_text = _("No matches with these filters.")
        order_by = ("-proposed_on",)


class NewcomerToMatchTable(tables.Table):
    name = tables.TemplateColumn(
        template_name="matching/_suggest_cell.html",
        verbose_name=_("Name"),
        accessor="person",
        order_by=("person__family_name", "person__given_names"),
    )
    status = tables.TemplateColumn(
        template_name="participants/_status_cell.html", verbose_name=_("Status")
    )
    municipality = tables.Column(
        accessor="person__municipality__name", verbose_name=_("Municipality"), default=EMPTY
    )
    neighbourhood = tables.Column(
        accessor="person__neighbourhood__name", verbose_name=_("Neighbourhood"), default=EMPTY
    )
    registered_on = tables.DateColumn(short=True, verbose_name=_("Registered"))

    class Meta:
        model = Newcomer
        fields = ()
        sequence = ("name", "status", "municipality", "neighbourhood", "registered_on")
        attrs = {**TABLE_ATTRS, "data-testid": "newcomers"}
        empty_text = _("Every newcomer who can be matched has a match.")
        order_by = ("priority", "registered_on")
