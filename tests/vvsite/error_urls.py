"""The application's URLs plus pages that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest
from django.urls import path
from django_ratelimit.exceptions import Ratelimited

from vvsite.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _raise(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    path("test-fouten/400/", _raise(BadRequest("broken"))),
    path("test-fouten/429/", _raise(Ratelimited())),
    path("test-fouten/500/", _raise(RuntimeError("boom"))),
    *urlpatterns,
]
