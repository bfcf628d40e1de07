"""The certificate source the reporting app renders from (``register_certificate_source``).

Parameters: ``{"cohort": pk}`` for a cohort's certificates (everyone who completed it, newcomers
first), ``{"enrolment": pk}`` for one person's. The coordinator who signs is the user who asked:
the requester of the job rendering the document.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from cohorts.models import Enrolment
from participants.vocab import Pillar
from reporting.certificates import CertificateData
from reporting.models import document_key
from vvsite.models import Job

DEFAULT_ORGANISATION_NAME = "Maatjesprogramma"


def _completed(kind: str, parameters: dict) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    if kind == "certificate":
        return enrolments.filter(pk=parameters["enrolment"])
    return enrolments.filter(cohort_id=parameters["cohort"])


def _requester_name(kind: str, parameters: dict) -> str:
    """The name of the user whose request is being rendered now."""
    job = (
        Job.objects.filter(key=document_key(kind, parameters), status__in=Job.ACTIVE_STATUSES)
        .select_related("created_by")
        .order_by("-created_at")
        .first()
    )
    return job.created_by.full_name if job is not None and job.created_by else ""


def certificate_data(*, kind: str, parameters: dict) -> list[CertificateData]:
    enrolments = (
        _completed(kind, parameters)
        .select_related("person", "cohort", "cohort__programme")
        .order_by("-role", "person__family_name", "person__given_names", "pk")
    )
    signer = _requester_name(kind, parameters)
    organisation = getattr(settings, "ORGANISATION_NAME", DEFAULT_ORGANISATION_NAME)
    return [
        CertificateData(
            full_name_latin=enrolment.person.full_name,
            full_name_native=enrolment.person.native_name,
            role=enrolment.role,
            cohort_number=enrolment.cohort.number,
            cohort_name=enrolment.cohort.name,
            programme=enrolment.cohort.programme.name,
            start=enrolment.cohort.start_date,
            end=enrolment.cohort.end_date,
            growth_notes={
                key: note
                for key, note in (enrolment.growth_notes or {}).items()
                if key in Pillar.values and note
            },
            coordinator_name=signer,
            organisation_name=organisation,
        )
        for enrolment in enrolments
    ]
