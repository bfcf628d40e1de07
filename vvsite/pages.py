"""Helpers that views of several apps share."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from vvsite.forms import error_text


def report_count(request: HttpRequest, call: Callable[[], int], done) -> None:
    """Run ``call``, which returns how many it changed. A refusal (``ValidationError``) becomes an
    error message; else ``done``, an ``ngettext_lazy(..., "count")``, the success message."""
    try:
        count = call()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done % {"count": count})
