"""Briefings in the company's language: message catalogues, labels, locale formats and tags.

Every fixed word an exporter writes comes from ``messages(lang, theme_labels, source_labels)``;
dates, numbers and figures from the same object, formatted by Babel for the locale.
"""

from __future__ import annotations

from briefing.i18n.keys import COUNT_KEYS, KEYS, CountKey, Key
from briefing.i18n.labels import Labels
from briefing.i18n.messages import Messages, messages
from briefing.i18n.tags import (
    DEFAULT_LANG,
    Language,
    LanguageError,
    codes,
    listing,
    parse_tag,
    supported,
)

__all__ = [
    "COUNT_KEYS",
    "DEFAULT_LANG",
    "KEYS",
    "CountKey",
    "Key",
    "Labels",
    "Language",
    "LanguageError",
    "Messages",
    "codes",
    "listing",
    "messages",
    "parse_tag",
    "supported",
]
