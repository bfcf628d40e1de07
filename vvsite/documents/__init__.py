"""Generated documents, the foundation every app renders its files on.

- ``models``: the ``Document`` row (what was asked, by whom; its file once rendered).
- ``registry``: the kinds of document; each app registers its own in ``AppConfig.ready``.
- ``services``/``selectors``/``views``: ask, render (``tasks``), retry, see and download.
- ``pdf``: HTML to PDF with WeasyPrint; ``spreadsheets``: CSV and Excel writers.

To add a kind: write ``renderer(document, progress) -> RenderedFile`` in your app, register it
with ``register_document_kind(code, label=..., capability=..., renderer=...)`` in the app's
``ready()``, ask for one with ``document_request(kind=code, parameters=..., by=user)`` and send
the user to ``documents:document_detail``.
"""
