"""The technical admin (administrators only). Coordinators work in the cohort pages, which go
through the services; here administrators can look things up and mend reference data."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cohorts import models


class PlannedSessionInline(admin.TabularInline):
    model = models.PlannedSession
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme")  # for __str__


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "duration_weeks",
        "newcomer_capacity",
        "buddy_capacity",
        "active",
    ]
    inlines = [PlannedSessionInline]


@admin.register(models.Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "programme", "municipality", "status", "start_date"]
    list_filter = ["status", "programme"]


@admin.register(models.Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["cohort", "person", "role", "status", "slot", "group"]
    list_filter = ["role", "status"]
    raw_id_fields = ["person", "cohort", "group", "created_by"]


@admin.register(models.CoachGroup)
class CoachGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cohort", "coach", "assistant_coach", "expert"]
    raw_id_fields = ["coach", "assistant_coach", "expert"]


@admin.register(models.Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "starts_at", "cohort", "group", "status"]
    list_filter = ["kind", "status"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["cohort", "group", "plan_item", "created_by"]


@admin.register(models.HolidayPeriod)
class HolidayPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "first_day", "last_day", "cohort"]


@admin.register(models.Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["session", "enrolment", "status", "recorded_at"]
    raw_id_fields = ["session", "enrolment", "recorded_by"]


@admin.register(models.CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Feeds can be revoked here; their tokens are never shown (only a hash is stored)."""

    list_display = ["pk", "owner", "person", "cohort", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["owner", "person", "cohort"]
