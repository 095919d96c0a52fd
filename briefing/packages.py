"""OOXML package helpers shared by the exporters that open corporate templates."""

from __future__ import annotations

import io
import zipfile


def as_document(data: bytes, template_type: str, document_type: str) -> bytes:
    """A template package (.potx, .dotx) with its main part typed as a document.

    python-pptx and python-docx open only documents; a template differs from one in nothing
    but that content type. Other packages are returned unchanged, every entry copied as is.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if template_type.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(template_type.encode(), document_type.encode())
                target.writestr(info, content)
        return out.getvalue()
