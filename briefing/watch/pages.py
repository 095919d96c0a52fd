"""The report's pages as the live preview sees them: a fingerprint of what each page of its
PDF draws, so only pages that changed are rasterised again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

# What a page draws with: its content, the fonts, pictures and forms it uses, and its size.
_DRAWN = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate")
# Keys that point back up the document (to the page tree) and draw nothing themselves.
_UPWARDS = frozenset(("/Parent", "/P", "/StructParent", "/StructParents"))


def page_fingerprints(pdf: Path) -> list[str]:
    """One fingerprint per page of ``pdf``: equal when the pages draw the same, however the
    objects of the file are numbered."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    memo: dict[int, bytes] = {}
    prints = []
    for page in reader.pages:
        digest = hashlib.sha256()
        for key in _DRAWN:
            if key in page:
                digest.update(key.encode() + _digest(page.raw_get(key), memo, set()))
        prints.append(digest.hexdigest()[:32])
    return prints


def _digest(value: Any, memo: dict[int, bytes], visiting: set[int]) -> bytes:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    if isinstance(value, IndirectObject):
        key = value.idnum
        if key in memo:
            return memo[key]
        if key in visiting:
            return b"loop"
        visiting.add(key)
        memo[key] = _digest(value.get_object(), memo, visiting)
        visiting.discard(key)
        return memo[key]
    digest = hashlib.sha256()
    if isinstance(value, DictionaryObject):
        digest.update(b"d")
        for key in sorted(value):
            if key not in _UPWARDS:
                digest.update(str(key).encode() + _digest(value.raw_get(key), memo, visiting))
        if isinstance(value, StreamObject):
            digest.update(b"s" + value.get_data())
    elif isinstance(value, ArrayObject):
        digest.update(b"a")
        for item in value:
            digest.update(_digest(item, memo, visiting))
    else:
        digest.update(type(value).__name__.encode() + b":" + repr(value).encode())
    return digest.digest()
