from django.contrib import admin
from django.urls import include, path
from health_check.checks import Database

from vvsite import account_views, views
from vvsite.access import public
from vvsite.health import Broker, HealthView, WorkerHeartbeatCheck

healthz = public(HealthView.as_view(checks=[Database, Broker, WorkerHeartbeatCheck]))
healthz_live = public(HealthView.as_view(checks=[Database]))

urlpatterns = [
    path("", views.home, name="home"),
    # Accounts
    path("inloggen/", views.login, name="login"),
    path("uitloggen/", views.logout, name="logout"),
    path("account/", views.account, name="account"),
    path("account/wachtwoord/", views.password_change, name="password_change"),
    path("account/wachtwoord/gewijzigd/", views.password_change_done, name="password_change_done"),
    path("account/tweestapsverificatie/", views.otp_setup, name="otp_setup"),
    path("account/tweestapsverificatie/controle/", views.otp_verify, name="otp_verify"),
    path("account/herstelcodes/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("wachtwoord-vergeten/", views.password_reset, name="password_reset"),
    path("wachtwoord-vergeten/verstuurd/", views.password_reset_done, name="password_reset_done"),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("uitnodiging/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("taal/", views.set_language, name="set_language"),
    # Accounts, for administrators
    path("beheer/accounts/", account_views.account_list, name="accounts"),
    path("beheer/accounts/<int:pk>/", account_views.account_detail, name="account_detail"),
    path(
        "beheer/accounts/<int:pk>/uitschakelen/",
        account_views.account_deactivate,
        name="account_deactivate",
    ),
    path(
        "beheer/accounts/<int:pk>/tweede-factor/",
        account_views.account_second_factor_reset,
        name="account_second_factor_reset",
    ),
    path(
        "beheer/accounts/<int:pk>/ontgrendelen/",
        account_views.account_unlock,
        name="account_unlock",
    ),
    path(
        "beheer/accounts/<int:pk>/uitnodigen/",
        account_views.account_invite,
        name="account_invite",
    ),
    # Background jobs
    path("beheer/taken/", views.job_list, name="jobs"),
    path("beheer/taken/test/", views.job_start_diagnostic, name="job_start_diagnostic"),
    path("beheer/taken/<int:pk>/", views.job_detail, name="job_detail"),
    path("beheer/taken/<int:pk>/opnieuw/", views.job_retry_view, name="job_retry"),
    # Generated documents
    path("", include("vvsite.documents.urls")),
    # Operations
    path("healthz", healthz, name="healthz"),
    path("healthz/live", healthz_live, name="healthz_live"),
    path("technisch-beheer/", admin.site.urls),
    # The domain
    path("", include("participants.urls")),
    path("", include("cohorts.urls")),
    path("", include("matching.urls")),
    path("", include("volunteers.urls")),
    path("", include("reporting.urls")),
]

handler400 = "vvsite.errors.bad_request"
handler403 = "vvsite.errors.permission_denied"
handler404 = "vvsite.errors.page_not_found"
handler500 = "vvsite.errors.server_error"
