from reporting.services import document_render
from vvsite.jobs import job_task


@job_task("reporting.tasks.render_document")
def render_document(job, progress) -> str:
    """Render one ``Document`` (its id is in the job's arguments) and store its file."""
    return document_render(job=job, progress=progress)
