"""Read PDFs back with poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm)."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Bidi controls pdftotext wraps right-to-left runs in (RLE ... PDF and the like).
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _run(tool: str, content: bytes, *args: str) -> str:
    assert shutil.which(tool), f"{tool} is missing: scripts/setup --dev installs poppler-utils"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
    return result.stdout


def page_count(content: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", content), re.M).group(1))


def text(content: bytes, page: int | None = None) -> str:
    """The text of the PDF (or of one page, counted from 1), bidi controls removed."""
    args = ("-f", str(page), "-l", str(page)) if page else ()
    return BIDI_CONTROLS.sub("", _run("pdftotext", content, *args))


def fonts(content: bytes) -> list[dict]:
    """pdffonts' table: one dict per font with name, type, encoding, emb, sub, uni."""
    lines = _run("pdffonts", content).splitlines()[2:]
    rows = []
    for line in lines:
        name, rest = line.split(" ", 1)
        parts = rest.split()
        # type may hold spaces ("CID TrueType"): read the fixed columns from the right.
        emb, sub, uni = parts[-5:-2]
        encoding = parts[-6]
        rows.append({"name": name, "encoding": encoding, "emb": emb, "sub": sub, "uni": uni})
    return rows
