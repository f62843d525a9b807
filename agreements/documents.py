"""Signed agreements as PDFs: checked by their content (never by name or declared type), kept
outside the web root (settings.AGREEMENT_DOCUMENT_DIR) under a name of our own, read back only by
the staff view that serves them."""

import hashlib
import io
import logging
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

logger = logging.getLogger(__name__)

# Every PDF writer starts the file with its header; readers tolerate junk before it, we do not
# (HTML or a ZIP with a PDF header inside would otherwise pass the first look).
PDF_MAGIC = re.compile(rb"%PDF-[12]\.[0-9]")
EOF_WINDOW = 2048  # "%%EOF" must be near the end (incremental updates put it last)
PAGES_MAX = 2000


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    sha256: str
    pages: int


def pdf_check(upload: UploadedFile, *, max_bytes: int | None = None) -> CheckedPdf:
    """The upload's bytes if they are a real PDF within the size limit; else a ValidationError
    on ``document`` that says what to fix."""
    limit = max_bytes if max_bytes is not None else settings.AGREEMENT_DOCUMENT_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError({"document": _too_big(limit)})
    content = upload.read(limit + 1)
    if len(content) > limit:  # the declared size is the client's word; the bytes are ours
        raise ValidationError({"document": _too_big(limit)})
    if not content:
        raise ValidationError({"document": _("The file is empty. Choose the signed agreement as a PDF.")})
    if not PDF_MAGIC.match(content) or b"%%EOF" not in content[-EOF_WINDOW:]:
        raise ValidationError({"document": _(
            "The file is not a PDF. Choose the signed agreement saved as PDF (renaming a file is not enough)."
        )})  # fmt: skip
    pages = _parsed_pages(content)
    if pages is None:
        raise ValidationError(
            {"document": _("The file starts like a PDF but cannot be read as one (damaged or not a PDF). "
                           "Save the agreement as PDF again and choose that file.")}
        )  # fmt: skip
    return CheckedPdf(content, hashlib.sha256(content).hexdigest(), pages)


def _parsed_pages(content: bytes) -> int | None:
    """The page count if pypdf parses the file strictly and every page's object loads; None if not."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if reader.is_encrypted:
            return None  # an encrypted file cannot be read by those it is shared with
        count = len(reader.pages)
        if not 0 < count <= PAGES_MAX:
            return None
        for page in reader.pages:
            page.mediabox  # noqa: B018 (loads the page object: a broken tree fails here)
        return count
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, AssertionError):  # fmt: skip
        return None


def _too_big(limit: int) -> str:
    return _("The file is larger than %(mb)s MB. Save a smaller PDF (e.g. scanned at a lower resolution).") % {
        "mb": f"{limit / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
    }


def document_dir() -> Path:
    return Path(settings.AGREEMENT_DOCUMENT_DIR)


def document_write(checked: CheckedPdf) -> str:
    """Write the PDF under a new random name (readable by the server's user only); the name."""
    directory = document_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{uuid.uuid4()}.pdf"
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(checked.content)
    return name


def document_path(stored_name: str) -> Path:
    """The stored file's path; only names we made (a uuid and .pdf) are accepted."""
    stem, dot, ext = stored_name.partition(".")
    uuid.UUID(stem)  # ValueError for anything else: no path of the caller's making
    if dot != "." or ext != "pdf":
        raise ValueError(stored_name)
    return document_dir() / stored_name


def document_remove(stored_name: str) -> None:
    try:
        document_path(stored_name).unlink(missing_ok=True)
    except OSError:
        logger.warning("agreement document could not be removed: %s", stored_name)
