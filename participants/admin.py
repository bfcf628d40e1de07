"""The technical admin (administrators only). Coordinators work in the intake pages, which go
through the services; here administrators can look things up and mend reference data."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from participants.models import (
    Buddy,
    Consent,
    ContactPerson,
    Municipality,
    Neighbourhood,
    Newcomer,
    Organisation,
    Person,
)


class NeighbourhoodInline(admin.TabularInline):
    model = Neighbourhood
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "active"]
    inlines = [NeighbourhoodInline]


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_referrer", "is_funder", "is_partner", "active"]
    list_filter = ["is_referrer", "is_funder", "is_partner", "active"]
    search_fields = ["name"]
    inlines = [ContactInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "birth_date", "municipality", "registered_on"]
    list_select_related = ["municipality"]
    search_fields = ["search_text"]
    raw_id_fields = ["user"]
    readonly_fields = ["search_text"]


@admin.register(Newcomer)
class NewcomerAdmin(SimpleHistoryAdmin):
    list_display = ["person", "status", "priority", "registered_on"]
    list_filter = ["status", "target_group"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "referrer_contact"]


@admin.register(Buddy)
class BuddyAdmin(SimpleHistoryAdmin):
    list_display = ["person", "status", "registered_on", "vog_received_on"]
    list_filter = ["status"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(Consent)
class ConsentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "given_on", "withdrawn_on"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
