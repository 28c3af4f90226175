"""Read a cover letter or an answer from PDF, DOCX, TXT or Markdown into plain text.

pypdf and python-docx are used because they are pure Python (nothing to install on Binder) and
well kept. Every failure a user can cause becomes a :class:`~mmer.errors.DocumentError`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ..errors import DocumentError, EmptyTextError, InputNotFoundError, UnsupportedInputError

MAX_FILE_BYTES = 10 * 2**20  # a cover letter is a few pages; 10 MiB leaves room for embedded images
#: A letter or an answer is a few pages: past these, reading would only tie up a shared server.
MAX_PDF_PAGES = 50
#: A DOCX is a zip archive: its parts, unpacked, may not exceed this (a "zip bomb" unpacks a few
#: kilobytes into gigabytes), nor may there be more parts than this.
MAX_DOCX_UNPACKED_BYTES = 50 * 2**20
MAX_DOCX_PARTS = 2000
SUPPORTED = (".pdf", ".docx", ".txt", ".md", ".markdown", ".text")


def _read_input(source, name):
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise InputNotFoundError(f"{path} does not exist")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DocumentError(f"'{path.name}' is larger than {MAX_FILE_BYTES // 2**20} MiB: upload the letter itself")
        return path.read_bytes(), name or path.name
    if hasattr(source, "read"):
        source = source.read()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MiB: upload the letter itself")
        return data, name or "document"
    raise UnsupportedInputError(f"expected a path, bytes or a binary file object, not {type(source).__name__}")


def _kind(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and suffix in ("", ".docx", ".doc"):
        return "docx"
    if suffix == ".pdf":
        return "pdf"  # claims to be a PDF but has no PDF header: reported as damaged
    if suffix == ".docx":
        return "docx"
    if suffix == ".doc":
        raise DocumentError(f"'{name}' is an old Word .doc file: save it as .docx or PDF and upload it again")
    if suffix in SUPPORTED or suffix == "":
        return "text"
    raise DocumentError(f"'{name}': unsupported file type {suffix}; upload a PDF, DOCX or TXT file")


def decode_text(data: bytes, name: str = "document") -> str:
    """Decode text in any common encoding: UTF-8/16 (with or without BOM), then Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:2000]:
        # UTF-16 without BOM has a NUL in every other byte; binary files have NULs anywhere.
        even, odd = data[0:2000:2].count(0), data[1:2000:2].count(0)
        if max(even, odd) > 0.3 * len(data[:2000]) / 2 and min(even, odd) < 0.05 * len(data[:2000]) / 2:
            return data.decode("utf-16-le" if odd > even else "utf-16-be", errors="replace")
        raise DocumentError(f"'{name}' is not a text document (it contains binary data)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # many "protected" PDFs only restrict printing
            except Exception:
                ok = 0
            if not ok:
                raise DocumentError(f"'{name}' is password-protected: remove the password and upload it again")
        # The page count the catalogue declares, before the page tree is walked; then the pages
        # actually there (a catalogue may lie), of which at most MAX_PDF_PAGES are read.
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        pages = int(declared) if isinstance(declared, int) else 0
        if pages <= MAX_PDF_PAGES:
            pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise DocumentError(f"'{name}' has {pages} pages, over the {MAX_PDF_PAGES}-page limit: upload the letter itself")
        text = "\n".join(reader.pages[i].extract_text() or "" for i in range(min(pages, MAX_PDF_PAGES)))
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"'{name}' is not a readable PDF ({exc.__class__.__name__})") from None
    except Exception as exc:  # pypdf raises assorted errors on damaged files
        raise DocumentError(f"'{name}' is a damaged PDF ({exc.__class__.__name__})") from None
    if not text.strip():
        raise EmptyTextError(
            f"'{name}' has no text layer (a scanned page?): export it from your word processor, or paste the text"
        )
    return text


def _docx_text(data: bytes, name: str) -> str:
    import zipfile

    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentError(f"'{name}' is not a readable DOCX file ({exc.__class__.__name__})") from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_DOCX_PARTS or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DocumentError(f"'{name}' unpacks to {unpacked / 2**20:.0f} MiB in {len(parts)} parts, over the limit "
                            "for a letter: save it again from your word processor, or upload a PDF")
    try:
        doc = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"'{name}' is not a readable DOCX file ({exc.__class__.__name__})") from None
    except Exception as exc:
        raise DocumentError(f"'{name}' is a damaged DOCX file ({exc.__class__.__name__})") from None
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def read_document(source, name: str | None = None) -> str:
    """Plain text of a PDF, DOCX, TXT or Markdown document given as a path, bytes or file object.

    ``name`` (e.g. the uploaded file name) helps tell the type and appears in messages.
    """
    data, name = _read_input(source, name)
    if not data:
        raise EmptyTextError(f"'{name}' is empty")
    kind = _kind(data, name)
    if kind == "pdf":
        return _pdf_text(data, name)
    if kind == "docx":
        return _docx_text(data, name)
    return decode_text(data, name)
