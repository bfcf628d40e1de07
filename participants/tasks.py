"""Background work for intake: the confirmation e-mail to a buddy who signed up."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from participants.models import Buddy

logger = logging.getLogger(__name__)


@shared_task(name="participants.tasks.send_buddy_confirmation", ignore_result=True)
def send_buddy_confirmation(*, buddy_pk: int, language: str = "nl") -> bool:
    """Thank a new buddy for signing up. Safe to run twice: only the first run sends."""
    claimed = Buddy.objects.filter(pk=buddy_pk, confirmation_sent_at__isnull=True).update(
        confirmation_sent_at=timezone.now()
    )
    if not claimed:
        return False
    buddy = Buddy.objects.select_related("person").get(pk=buddy_pk)
    if not buddy.person.email:
        return False
    with translation.override(language):
        context = {"person": buddy.person, "site_url": settings.SITE_URL}
        subject = render_to_string("participants/email/buddy_signup_subject.txt", context).strip()
        body = render_to_string("participants/email/buddy_signup_body.txt", context)
    try:
        send_mail(subject, body, None, [buddy.person.email])
    except Exception:
        # Let a later delivery try again; log the key, never the address.
        Buddy.objects.filter(pk=buddy_pk).update(confirmation_sent_at=None)
        logger.exception("Confirmation e-mail for buddy %s failed", buddy_pk)
        raise
    return True
