from vvsite.documents.services import TASK, document_render
from vvsite.jobs import job_task


@job_task(TASK)
def render_document(job, progress) -> str:
    """Render one ``Document`` (its id is in the job's arguments) and store its file."""
    return document_render(job=job, progress=progress)
