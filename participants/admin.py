"""The technical admin (administrators only). Coordinators work in the intake pages, which go
through the services; here administrators can look things up and mend reference data."""

from django.contrib import admin
from django.db.models import URLField
from simple_history.admin import SimpleHistoryAdmin

from participants import models


class NeighbourhoodInline(admin.TabularInline):
    model = models.Neighbourhood
    extra = 1


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]
    inlines = [NeighbourhoodInline]


class ContactInline(admin.TabularInline):
    model = models.ContactPerson
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_referrer", "is_funder", "is_partner", "active"]
    list_filter = ["is_referrer", "is_funder", "is_partner", "active"]
    search_fields = ["name"]
    inlines = [ContactInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "birth_date", "municipality", "registered_on"]
    list_select_related = ["municipality"]
    search_fields = ["search_text"]
    raw_id_fields = ["user"]
    readonly_fields = ["search_text"]


@admin.register(models.Newcomer)
class NewcomerAdmin(SimpleHistoryAdmin):
    list_display = ["person", "status", "priority", "registered_on"]
    list_filter = ["status", "target_group"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "referrer_contact"]


@admin.register(models.Buddy)
class BuddyAdmin(SimpleHistoryAdmin):
    list_display = ["person", "status", "registered_on", "vog_received_on"]
    list_filter = ["status"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(models.Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "given_on", "withdrawn_on"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
