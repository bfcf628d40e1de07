"""HTML to PDF with WeasyPrint: the one place that does it.

- Nothing is loaded from the network. WeasyPrint gets a URL fetcher that serves only our own
  static files (found through Django's static finders), ``data:`` URIs and the font files below;
  every other URL raises, and the render stops with that error.
- Fonts come from Debian's ``fonts-noto-core`` and are located through fontconfig (``fc-list``),
  never copied into the repository. ``settings.PDF_FONT_FILES`` (optional) maps a fontconfig
  pattern of ``FONT_FACES`` to a file, for machines that keep the fonts elsewhere.
- One ``FontConfiguration`` per process, with the ``@font-face`` rules and the stylesheets
  parsed once, so a warm render only lays out and writes.
- HarfBuzz subsets the fonts (``libharfbuzz-subset0``): PDFs stay small and fast to write.
  ``harfbuzz_subset_available()`` says whether it can; a system check warns when it cannot.

WeasyPrint is imported inside the functions: web processes that never render stay light.
"""

from __future__ import annotations

import atexit
import logging
import mimetypes
import subprocess
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

#: The base URL of every rendered document. ``{% static %}`` paths resolve under it; the
#: ``.invalid`` top-level domain never resolves, and the fetcher never goes there anyway.
STATIC_ORIGIN = "https://static.vvsite.invalid"
BASE_URL = f"{STATIC_ORIGIN}/"

#: (CSS family, CSS weight, fontconfig pattern) of every face a PDF may use.
FONT_FACES: tuple[tuple[str, int, str], ...] = (
    ("Noto Sans", 400, "Noto Sans:style=Regular"),
    ("Noto Sans", 700, "Noto Sans:style=Bold"),
    ("Noto Naskh Arabic", 400, "Noto Naskh Arabic:style=Regular"),
    ("Noto Naskh Arabic", 700, "Noto Naskh Arabic:style=Bold"),
    ("Noto Sans Ethiopic", 400, "Noto Sans Ethiopic:style=Regular"),
    ("Noto Sans Ethiopic", 700, "Noto Sans Ethiopic:style=Bold"),
)
#: The stylesheet every PDF starts from (fonts, typography, charts), a static path.
BASE_STYLESHEET = "documents/pdf/base.css"

CountProgressFn = Callable[[int, int], None]  # (done, total)


class ResourceRefused(ValueError):
    """A document asked for a URL the PDF renderer does not serve."""


class PDFRenderError(RuntimeError):
    """The render stopped, e.g. because the document asked for a refused resource."""


class PageCountError(PDFRenderError):
    """A document of a batch was laid out on more (or fewer) pages than it must have."""

    def __init__(self, number: int, pages: int, expected: int):
        self.number, self.pages, self.expected = number, pages, expected
        super().__init__(f"Document {number} takes {pages} pages instead of {expected}")


class FontsMissing(RuntimeError):
    """A font face of ``FONT_FACES`` is not installed."""


@dataclass
class RenderedPDF:
    content: bytes
    pages: int
    #: Characters no font could draw (drawn as empty boxes), as "U+XXXX": fix the data or fonts.
    missing_glyphs: set[str] = field(default_factory=set)


# --- Fonts --------------------------------------------------------------------------------------


def _fc_list(pattern: str) -> list[str]:
    """Files fontconfig lists for an exact pattern (unlike fc-match, it never substitutes)."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["fc-list", "--format=%{file}\n", pattern],  # noqa: S607 - fontconfig's own tool
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(line for line in result.stdout.splitlines() if line.strip())


@cache
def font_files() -> dict[str, Path]:
    """The file of each pattern of ``FONT_FACES``; raises ``FontsMissing`` naming the missing."""
    overrides = getattr(settings, "PDF_FONT_FILES", {}) or {}
    files, missing = {}, []
    for _family, _weight, pattern in FONT_FACES:
        found = [overrides[pattern]] if pattern in overrides else _fc_list(pattern)
        if found and Path(found[0]).is_file():
            files[pattern] = Path(found[0]).resolve()
        else:
            missing.append(pattern)
    if missing:
        raise FontsMissing(
            "Fonts not found: %s. Install Debian's fonts-noto-core (scripts/setup does)."
            % ", ".join(missing)
        )
    return files


def font_face_css() -> str:
    """``@font-face`` rules for ``FONT_FACES``, pointing at the installed files."""
    files = font_files()
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
        f'src: url("{files[pattern].as_uri()}"); }}'
        for family, weight, pattern in FONT_FACES
    )


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (``libharfbuzz-subset0``, HarfBuzz >= 4.1).

    WeasyPrint 70 loads ``harfbuzz-subset`` optionally in ``weasyprint.text.ffi`` and subsets
    with it only for HarfBuzz 4.1 and later; otherwise it falls back to fontTools, several
    times slower and producing larger files.
    """
    _quiet_progress_log()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # WeasyPrint's "please install"
            from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except (ImportError, OSError):
        return False
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


# --- Fetching -----------------------------------------------------------------------------------


def _static_prefixes() -> tuple[str, ...]:
    prefixes = [STATIC_ORIGIN + settings.STATIC_URL]
    if urlsplit(settings.STATIC_URL).scheme:  # static files on another host (a CDN)
        prefixes.append(settings.STATIC_URL)
    return tuple(prefixes)


def local_file_for(url: str) -> Path | None:
    """The local file behind an allowed URL: one of our static files or one of our fonts."""
    parts = urlsplit(url)
    bare = f"{parts.scheme}://{parts.netloc}{parts.path}"
    for prefix in _static_prefixes():
        if bare.startswith(prefix):
            relative = unquote(bare[len(prefix) :])
            try:
                found = finders.find(relative) if relative else None
            except SuspiciousFileOperation:  # "../" out of the static folders
                return None
            return Path(found) if isinstance(found, str) else None
    if parts.scheme == "file" and not parts.netloc:
        path = Path(unquote(parts.path))
        if path in set(font_files().values()):
            return path
    return None


def url_fetcher():
    """WeasyPrint's URL fetcher, restricted to static files, our fonts and ``data:`` URIs."""
    return _fetcher_class()()


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyURLFetcher(URLFetcher):
        """Never touches the network: anything but our own files and ``data:`` raises."""

        def __init__(self):
            # Only "data" ever reaches urllib; fail_on_errors makes a refusal stop the render.
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = local_file_for(url)
            if path is None:
                raise ResourceRefused(f"PDF renderer refuses to load {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalOnlyURLFetcher


# --- Rendering ----------------------------------------------------------------------------------


def _quiet_progress_log() -> None:
    """WeasyPrint logs its progress at INFO, seven lines per document and more on import; keep
    logs for what matters, unless the logging settings set a level for it."""
    progress_logger = logging.getLogger("weasyprint.progress")
    if progress_logger.level == logging.NOTSET:
        progress_logger.setLevel(logging.WARNING)


class _Environment:
    """The font configuration and parsed stylesheets, shared by every render of a process."""

    def __init__(self):
        _quiet_progress_log()
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.fetcher = url_fetcher()
        self.fonts = CSS(
            string=font_face_css(),
            base_url=BASE_URL,
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )
        self._stylesheets: dict[str, Any] = {}
        self._lock = threading.Lock()

    def stylesheets(self, static_paths: Sequence[str]) -> list:
        from weasyprint import CSS

        sheets = [self.fonts]
        for path in (BASE_STYLESHEET, *static_paths):
            with self._lock:
                if path not in self._stylesheets:
                    self._stylesheets[path] = CSS(
                        url=STATIC_ORIGIN + settings.STATIC_URL + path,
                        url_fetcher=self.fetcher,
                        font_config=self.font_config,
                    )
            sheets.append(self._stylesheets[path])
        return sheets


@cache
def environment() -> _Environment:
    """The process's rendering environment, built on first use; ``environment.cache_clear()``
    forgets it (after editing a stylesheet, in tests)."""
    return _Environment()


# Release the font configuration while the interpreter still can (its __del__ needs modules
# that are gone at the very end of shutdown).
atexit.register(environment.cache_clear)


class _MissingGlyphs(logging.Handler):
    """Collects WeasyPrint's ".notdef glyph rendered" warnings of the current thread."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.codepoints: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.msg if isinstance(record.msg, str) else ""
        if record.thread == self.thread and message.startswith(".notdef glyph"):
            self.codepoints.add("U+%04X" % record.args[1])


@contextmanager
def _collect_missing_glyphs() -> Iterator[_MissingGlyphs]:
    handler = _MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    # Whatever configured logging before us (a Celery worker does) must not silence the
    # warnings this check listens to.
    saved = (logger.level, logger.disabled)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.disabled = False
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.level, logger.disabled = saved


def html_to_pdf_pages(
    documents: Iterable[str],
    *,
    stylesheets: Sequence[str] = (),
    count: int | None = None,
    progress: CountProgressFn | None = None,
    pages_each: int | None = None,
) -> RenderedPDF:
    """Lay out each HTML string on its own and write all their pages as one PDF.

    Laying out documents one by one is faster than one long document, and lets a batch report
    progress after each; the pages share one set of subset fonts. ``stylesheets`` are static
    paths, parsed once per process, applied after ``BASE_STYLESHEET``. With ``pages_each``, a
    document laid out on another number of pages is an error (a certificate must fit on one).
    """
    env = environment()  # first, so that importing WeasyPrint logs quietly
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    sheets = env.stylesheets(stylesheets)
    rendered = []
    with _collect_missing_glyphs() as missing:
        try:
            for html in documents:
                document = HTML(string=html, base_url=BASE_URL, url_fetcher=env.fetcher).render(
                    stylesheets=sheets, font_config=env.font_config
                )
                if pages_each is not None and len(document.pages) != pages_each:
                    raise PageCountError(len(rendered) + 1, len(document.pages), pages_each)
                rendered.append(document)
                if progress is not None:
                    progress(len(rendered), count or len(rendered))
            if not rendered:
                raise ValueError("Nothing to render: no documents given")
            pages = [page for document in rendered for page in document.pages]
            content = rendered[0].copy(pages).write_pdf()
        except FatalURLFetchingError as exc:  # a BaseException: turn it into a normal error
            raise PDFRenderError(f"{exc} ({exc.__cause__})") from exc
    return RenderedPDF(content=content, pages=len(pages), missing_glyphs=missing.codepoints)


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> RenderedPDF:
    return html_to_pdf_pages([html], stylesheets=stylesheets)


def render_pdf_pages(
    template_name: str,
    contexts: Sequence[dict],
    *,
    stylesheets: Sequence[str] = (),
    progress: CountProgressFn | None = None,
    pages_each: int | None = None,
) -> RenderedPDF:
    """Render a template once per context and bind the results into one PDF."""
    return html_to_pdf_pages(
        (render_to_string(template_name, context) for context in contexts),
        stylesheets=stylesheets,
        count=len(contexts),
        progress=progress,
        pages_each=pages_each,
    )
