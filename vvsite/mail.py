"""E-mail in the recipient's language, as plain text and HTML, from one set of templates.

Each e-mail is two templates: ``<name>_subject.txt`` and ``<name>.txt``, the text written once.
The HTML part is that same text set in the shared layout ``email/layout.html`` (paragraphs,
links made clickable), so the two parts never say different things.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def mail_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the e-mail ``template`` in ``language``."""
    context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        html = render_to_string(
            "email/layout.html",
            {
                "subject": subject,
                "text": text,
                "language": language,
                "organisation": settings.ORGANISATION_NAME,
            },
        )
    return subject, text, html


def mail_send(*, template: str, to: str, context: dict, language: str) -> None:
    """Send the e-mail ``template`` to one address, in ``language``."""
    subject, text, html = mail_render(template=template, context=context, language=language)
    message = EmailMultiAlternatives(subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    message.send()
