"""Rules that several kinds of writes share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cohorts.models import Cohort


def cohort_ensure_open(cohort: Cohort) -> None:
    """A completed cohort is frozen: refuse any write that would change it."""
    if cohort.status == Cohort.Status.COMPLETED:
        raise ValidationError(_("This cohort is completed; it can no longer change."))
