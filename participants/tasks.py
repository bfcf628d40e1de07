"""Background work for intake: the confirmation e-mail to a buddy who signed up, and imports."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participants.models import Buddy, ImportBatch
from participants.privacy import retention_apply
from participants.spreadsheets.checking import ImportRefused, import_check, import_commit
from participants.spreadsheets.reading import Table
from vvsite.jobs import job_task

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


@job_task("participants.tasks.import_people")
def import_people(job, progress) -> str:
    """Write a checked spreadsheet: every row or, if any row is wrong by now, none."""
    batch = ImportBatch.objects.get(pk=job.kwargs["batch"])
    table = Table.from_json(batch.table)
    progress(5, _("Checking the rows"))
    check = import_check(
        kind=batch.kind, table=table, mapping=batch.mapping, referrals=batch.referrals
    )
    if not check.ok:
        raise ImportRefused(check)
    progress(40, _("Saving %(count)s people") % {"count": len(check.rows)})
    count = import_commit(
        kind=batch.kind,
        table=table,
        mapping=batch.mapping,
        referrals=batch.referrals,
        by=job.created_by,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(imported=count)
    return _("%(count)s people imported.") % {"count": count}


@shared_task(name="participants.tasks.retention_anonymise", ignore_result=True)
def retention_anonymise() -> int:
    """Nightly: anonymise the people past the retention period (``RETENTION_YEARS``)."""
    return retention_apply()
