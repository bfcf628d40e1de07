from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from volunteers import models


@admin.register(models.HourEntry)
class HourEntryAdmin(SimpleHistoryAdmin):
    list_display = ["date", "volunteer", "hours", "activity", "role_kind", "status"]
    list_filter = ["status", "activity", "role_kind"]
    list_select_related = ["volunteer"]
    search_fields = ["volunteer__full_name", "volunteer__email"]
    date_hierarchy = "date"
    raw_id_fields = ["volunteer", "reviewed_by"]
    show_full_result_count = False


@admin.register(models.VolunteerRole)
class VolunteerRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "year", "kind"]
    list_filter = ["year", "kind"]
    list_select_related = ["user"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(models.HourNorm)
class HourNormAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "hours"]
    list_filter = ["year"]


@admin.register(models.HourlyValue)
class HourlyValueAdmin(admin.ModelAdmin):
    list_display = ["year", "euros"]


@admin.register(models.ClosedPeriod)
class ClosedPeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "month", "closed_by", "closed_at"]
    raw_id_fields = ["closed_by"]


@admin.register(models.VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "started_on", "reminders_opt_out"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(models.HourSuggestion)
class HourSuggestionAdmin(admin.ModelAdmin):
    list_display = ["date", "volunteer", "hours", "activity", "status"]
    list_filter = ["status"]
    list_select_related = ["volunteer"]
    raw_id_fields = ["volunteer", "entry"]


@admin.register(models.ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["user", "month", "sent_at"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
