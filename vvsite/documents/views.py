"""A document's page (polled while it is made), its download and making it again."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vvsite.access import requires
from vvsite.documents.selectors import documents_visible_to
from vvsite.documents.services import document_retry


@requires("documents.view")
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        documents_visible_to(request.user).select_related("job", "created_by"), pk=pk
    )
    template = (
        "documents/_document_status.html" if request.htmx else "documents/document_detail.html"
    )
    return render(request, template, {"document": document})


@requires("documents.view")
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment, to those whose role may see the document's kind."""
    document = get_object_or_404(documents_visible_to(request.user).select_related("job"), pk=pk)
    if not document.is_ready:
        raise Http404
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@requires("documents.view")
@require_POST
def document_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(documents_visible_to(request.user), pk=pk)
    document = document_retry(document=document, by=request.user)
    messages.info(request, _("The document is being made again."))
    return redirect("documents:document_detail", pk=document.pk)
