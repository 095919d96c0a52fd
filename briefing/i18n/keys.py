"""The names of the fixed words every exporter writes: the message ids of the catalogues.

A message id is a stable key, not the English text, so that a source or a theme can name the
words it overrides (``labels: {takeaways: ...}``) and the English wording can change without
touching every catalogue. ``Key`` names a message said one way; ``CountKey`` one whose words
depend on a count (its plural forms). The English catalogue holds exactly these keys.
"""

from __future__ import annotations

from typing import Literal, get_args

Key = Literal[
    # The deck
    "agenda",
    "agenda_notes",
    "about_minutes",
    "notes_minutes",
    "continued",
    "continued_again",
    "continued_notes",
    "track_of",
    "session_of",
    "level",
    "key_points",
    "summary",
    "takeaways",
    "why_it_matters",
    "no_key_points",
    "watch_session_video",
    "watch_the_video",
    "video",
    "scan_or_click",
    "qr_alt",
    "logo_alt",
    "logo",
    "key_takeaways",
    "questions",
    "questions_prompt",
    "watch_later",
    "session_videos",
    "more_key_points",
    "more_takeaways",
    "notes",
    "notes_by",
    "links",
    # Shared punctuation: how a label introduces its text or a list
    "labelled",
    "list_intro",
    "session_heading",
    # The report
    "executive_summary",
    "appendix",
    "what_we_recommend",
    "in_brief",
    "event",
    "date",
    "prepared_by",
    "organisation",
    "audience",
    "contents",
    "track",
    "sessions",
    "codes",
    "sessions_per_track",
    "top_takeaways",
    "video_not_available",
    "in_numbers",
    "further_reading",
    "session_caption",
    "appendix_intro",
    "watch",
    "not_yet_available",
    "code",
    "title",
    "level_column",
    "session_index",
    "page_x_of_y",
    "document_category",
    # Markdown and the email
    "by",
    "intended_for",
    "figures",
    "no_video",
    "tags",
    "level_note",
    "attached",
    "full_report",
    "slide_deck",
]

CountKey = Literal[
    "sessions_count",
    "in_tracks",
    "speakers_label",
    "and_more",
    "more_in_notes",
    "chart_alt",
    "key_figures",
]

KEYS: tuple[str, ...] = get_args(Key)
COUNT_KEYS: tuple[str, ...] = get_args(CountKey)
