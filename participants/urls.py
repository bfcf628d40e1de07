from django.urls import path

from participants import account_views, views

app_name = "participants"

urlpatterns = [
    # Newcomers
    path("nieuwkomers/", views.newcomer_list, name="newcomer_list"),
    path("nieuwkomers/nieuw/", views.newcomer_create, name="newcomer_create"),
    path("nieuwkomers/export/", views.newcomer_export, name="newcomer_export"),
    path("nieuwkomers/<int:pk>/", views.newcomer_detail, name="newcomer_detail"),
    path("nieuwkomers/<int:pk>/intake/", views.newcomer_intake, name="newcomer_intake"),
    path("nieuwkomers/<int:pk>/status/", views.newcomer_status, name="newcomer_status"),
    path("wachtlijst/", views.waiting_list, name="waiting_list"),
    # Buddies
    path("maatjes/", views.buddy_list, name="buddy_list"),
    path("maatjes/nieuw/", views.buddy_create, name="buddy_create"),
    path("maatjes/export/", views.buddy_export, name="buddy_export"),
    path("maatjes/<int:pk>/", views.buddy_detail, name="buddy_detail"),
    path("maatjes/<int:pk>/intake/", views.buddy_intake, name="buddy_intake"),
    path("maatjes/<int:pk>/status/", views.buddy_status, name="buddy_status"),
    # A person, whatever their roles
    path("personen/<int:pk>/", views.person_detail, name="person_detail"),
    path("personen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("personen/<int:pk>/anonimiseren/", views.person_anonymise, name="person_anonymise"),
    path("personen/<int:pk>/uitnodigen/", account_views.person_invite, name="person_invite"),
    path(
        "personen/<int:pk>/uitnodiging-intrekken/",
        account_views.person_invitation_revoke,
        name="person_invitation_revoke",
    ),
    path(
        "personen/<int:pk>/ook-als/<str:profile>/",
        views.profile_add,
        name="profile_add",
    ),
    path("personen/<int:pk>/toestemming/", views.consent_add, name="consent_add"),
    path(
        "personen/<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "personen/<int:pk>/positieve-gezondheid/",
        views.health_assessment_create,
        name="health_assessment_create",
    ),
    path("personen/<int:pk>/evaluatie/", views.evaluation_create, name="evaluation_create"),
    # Organisations
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisaties/<int:pk>/contactpersonen/nieuw/",
        views.contact_create,
        name="contact_create",
    ),
    path(
        "organisaties/<int:pk>/contactpersonen/<int:contact_pk>/",
        views.contact_edit,
        name="contact_edit",
    ),
    # Municipalities and neighbourhoods
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/nieuw/", views.municipality_create, name="municipality_create"),
    path("gemeenten/<int:pk>/", views.municipality_edit, name="municipality_edit"),
    path(
        "gemeenten/<int:pk>/wijken/nieuw/", views.neighbourhood_create, name="neighbourhood_create"
    ),
    path(
        "gemeenten/<int:pk>/wijken/<int:neighbourhood_pk>/",
        views.neighbourhood_edit,
        name="neighbourhood_edit",
    ),
    # Import
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    # Public
    path("aanmelden/maatje/", views.buddy_signup, name="buddy_signup"),
    path("aanmelden/maatje/bedankt/", views.buddy_signup_thanks, name="buddy_signup_thanks"),
]
