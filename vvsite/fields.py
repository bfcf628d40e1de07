"""Model field declarations that many models share, so each reads in one line."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name) -> models.ForeignKey:
    """The user who did something: kept as empty when the account is deleted, no reverse name."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def reference(
    to, related_name, verbose_name, *, on_delete, optional=False, **options
) -> models.ForeignKey:
    """A foreign key to ``to``; ``optional`` lets it be empty (null and blank)."""
    if optional:
        options.update(null=True, blank=True)
    return models.ForeignKey(
        to, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name, **options
    )
