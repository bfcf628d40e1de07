"""The technical admin (administrators only). Coordinators make and change matches on the
matching pages, which go through the services; here administrators can look things up."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from matching.models import CheckIn, Exclusion, Match, MatchWeights, PairNote


class CheckInInline(admin.TabularInline):
    model = CheckIn
    extra = 0
    raw_id_fields = ["by"]


@admin.register(Match)
class MatchAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "cohort", "status", "proposed_on", "started_on", "ended_on"]
    list_filter = ["status", "end_reason"]
    list_select_related = ["newcomer__person", "buddy__person", "cohort"]
    raw_id_fields = ["newcomer", "buddy", "cohort", "created_by"]
    inlines = [CheckInInline]


@admin.register(MatchWeights)
class MatchWeightsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "updated_at", "updated_by"]
    raw_id_fields = ["updated_by"]


@admin.register(Exclusion)
class ExclusionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "reason", "created_at"]
    list_select_related = ["newcomer__person", "buddy__person"]
    raw_id_fields = ["newcomer", "buddy", "by"]


@admin.register(PairNote)
class PairNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "updated_at"]
    list_select_related = ["newcomer__person", "buddy__person"]
    raw_id_fields = ["newcomer", "buddy", "by"]
