"""The email's parts without a server: addresses, the summary, both bodies, the MIME message."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.policy
import re
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.errors import DeliveryError
from briefing.mail import message as mail_message
from briefing.mail.addresses import check_addresses, parse_address
from briefing.mail.body import html_body, text_body
from briefing.mail.message import compose, serialize, subject_line
from briefing.mail.summary import Attachment, digest, first_sentence, lead
from briefing.model import Briefing
from briefing.richtext import parse
from briefing.source import load_briefing
from briefing.themes import load_theme

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


@dataclasses.dataclass
class FakeClock:
    """A clock that stands still until the test moves it."""

    now: dt.datetime = dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += dt.timedelta(hours=hours)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The clock messages read their Date from, under the test's control."""
    fake = FakeClock()
    monkeypatch.setattr(mail_message, "clock", fake)
    return fake


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return load_briefing(Path(__file__).resolve().parent.parent / "sources" / "reinvent-2019.yaml")


def hostile() -> Briefing:
    """Text that must be escaped in HTML: angle brackets, ampersands, quotes, a link."""
    return Briefing.model_validate(
        {
            "briefing": {
                "title": 'R&D <b>"Week"</b>',
                "summary": "See [the <notes>](https://example.com/?a=1&b=2) & **more**.",
            },
            "tracks": [{"id": "t", "name": "Tools & <Tricks>"}],
            "sessions": [
                {
                    "code": "T<1>",
                    "title": "Less <than> & more",
                    "track": "t",
                    "summary": "Use `<script>alert(1)</script>` with care. Then more.",
                    "takeaways": ["Quote \"this\" & 'that'"],
                }
            ],
        }
    )


def words(text: str) -> str:
    return " ".join(text.split())


# --- addresses ------------------------------------------------------------------------------


def test_addresses_bare_named_and_quoted() -> None:
    assert parse_address(" a@example.com ", "--to").addr_spec == "a@example.com"
    named = parse_address("Jane Doe <jane@example.com>", "--to")
    assert (named.display_name, named.addr_spec) == ("Jane Doe", "jane@example.com")
    quoted = parse_address('"Doe, Jane" <jane@example.com>', "--cc")
    assert quoted.display_name == "Doe, Jane"


def test_an_international_domain_is_sent_as_idna() -> None:
    assert parse_address("chef@exämple.com", "--to").addr_spec == "chef@xn--exmple-cua.com"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("plainword", "must have an @-sign"),
        ("a@b", "should have a period"),
        ("a@example.com; b@example.com", "give one per --to"),
        ("a@example.com\nBcc: x@example.com", "spans several lines"),
        ("jö@example.com", "internationalized characters"),
    ],
)
def test_invalid_addresses_name_the_option(spec: str, fragment: str) -> None:
    with pytest.raises(DeliveryError) as caught:
        parse_address(spec, "--to")
    message = caught.value.format_message()
    assert message.startswith("--to ")
    assert fragment in message
    assert "\n" not in message


def test_everyone_gets_one_copy() -> None:
    addresses = check_addresses(
        "me@example.com", ["a@example.com", "B@example.com"], ["b@example.com", "c@example.com"]
    )
    assert addresses.envelope == ["a@example.com", "B@example.com", "c@example.com"]


def test_at_least_one_recipient() -> None:
    with pytest.raises(DeliveryError, match="at least one --to"):
        check_addresses("me@example.com", [])


# --- the one-line summaries -----------------------------------------------------------------


def test_first_sentence_stops_at_the_sentence_end() -> None:
    text = parse("Hotstar peaked at 25.3 million streams. The session showed how.")
    assert first_sentence(text).plain == "Hotstar peaked at 25.3 million streams."


def test_first_sentence_skips_abbreviations_and_initials() -> None:
    text = parse("Use tools, e.g. Terraform, as J. Smith said. Then more.")
    assert first_sentence(text).plain == "Use tools, e.g. Terraform, as J. Smith said."


def test_first_sentence_cuts_a_long_one_at_a_word() -> None:
    text = parse(" ".join(["word"] * 100))
    cut = first_sentence(text, limit=50).plain
    assert cut.endswith("word…")
    assert len(cut) <= 51


def test_first_sentence_keeps_formatting() -> None:
    cut = first_sentence(parse("**Never** waste a [failure](https://example.com). More."))
    assert cut.plain == "Never waste a failure."
    assert cut.spans[0].bold and cut.spans[0].text == "Never"
    assert cut.links == ("https://example.com",)


def test_lead_falls_back_to_the_first_takeaway(briefing: Briefing) -> None:
    session = briefing.sessions[0].model_copy(update={"summary": None})
    assert lead(session) == first_sentence(session.takeaways[0])
    bare = session.model_copy(update={"takeaways": (), "relevance": None})
    assert lead(bare) is None


# --- the bodies -----------------------------------------------------------------------------


def test_the_text_body_is_the_executive_summary(briefing: Briefing) -> None:
    body = text_body(digest(briefing, [Attachment("reinvent-2019.docx", "the full report")]))
    flat = words(body)
    assert body.startswith("AWS re:Invent 2019\n==================\n")
    assert "Las Vegas, NV · 20 December 2019" in flat
    for session, takeaway in briefing.top_takeaways():
        assert f"- {words(takeaway.plain)} ({session.code})" in flat
    for track in briefing.tracks:
        sessions = briefing.sessions_in(track)
        assert f"{track.name} ({len(sessions)} sessions)" in flat
        for session in sessions:
            assert f"- {session.code}: {session.title.plain}" in flat
    assert "How Amazon learns from failure." in flat
    assert "never waste a failure" not in flat.lower()  # one line: the second sentence is left out
    assert "Attached: reinvent-2019.docx (the full report)." in flat
    assert max(len(line) for line in body.splitlines()) <= 72


def test_takeaways_come_before_the_tracks(briefing: Briefing) -> None:
    body = text_body(digest(briefing, []))
    assert body.index("Top takeaways") < body.index(briefing.tracks[0].name)


class _Tags(HTMLParser):
    """Checks that every element is closed in order and collects the visible text."""

    VOID = frozenset({"meta", "br"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"</{tag}> closes nothing open"

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] != "title":
            self.text.append(data)


def read_html(document: str) -> _Tags:
    tags = _Tags()
    tags.feed(document)
    tags.close()
    assert tags.stack == []
    return tags


def test_the_html_body_is_balanced_inline_styled_and_complete(briefing: Briefing) -> None:
    theme = load_theme("ccoe")
    document = html_body(digest(briefing, [Attachment("r.docx", "the full report")]), theme)
    tags = read_html(document)
    assert tags.seen.isdisjoint({"style", "script", "table", "img", "link"})
    assert re.search(r'<h1 style="[^"]*color:#005F5A;', document)
    assert len(re.findall(r'<h2 style="[^"]*color:#005F5A;', document)) == 1 + len(briefing.tracks)
    visible = words(" ".join(tags.text))
    text = words(text_body(digest(briefing, [Attachment("r.docx", "the full report")])))
    for session in briefing.sessions:
        assert session.title.plain in visible
        session_lead = lead(session)
        assert session_lead is not None and words(session_lead.plain) in visible
        assert words(session_lead.plain) in text
    for _, takeaway in briefing.top_takeaways():
        assert words(takeaway.plain) in visible


def test_the_html_body_escapes_everything() -> None:
    document = html_body(digest(hostile(), []), load_theme("default"))
    tags = read_html(document)
    assert tags.seen.isdisjoint({"b", "notes", "script", "than", "tricks"})
    assert "R&amp;D &lt;b&gt;&quot;Week&quot;&lt;/b&gt;" in document
    assert 'href="https://example.com/?a=1&amp;b=2"' in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    visible = " ".join(tags.text)
    assert 'R&D <b>"Week"</b>' in visible
    assert "Tools & <Tricks>" in visible


def test_a_hostile_font_name_cannot_leave_the_style_attribute() -> None:
    theme = dataclasses.replace(load_theme("default"), heading_font='X"><script>y</script>')
    document = html_body(digest(hostile(), []), theme)
    assert "<script>" not in document
    read_html(document)


def test_links_keep_their_address_in_the_text_body() -> None:
    body = text_body(digest(hostile(), []))
    assert "See the <notes> <https://example.com/?a=1&b=2> & more." in words(body)


# --- subject and message --------------------------------------------------------------------


def test_the_subject(briefing: Briefing) -> None:
    assert subject_line(briefing, None) == "AWS re:Invent 2019"
    assert subject_line(briefing, "  Notes\n from  Vegas ") == "Notes from Vegas"
    ml = briefing.model_copy(update={"tracks": briefing.tracks[1:2]})
    assert subject_line(ml, None, ("ml",)) == "AWS re:Invent 2019 – Machine Learning"
    with pytest.raises(DeliveryError, match="--subject is empty"):
        subject_line(briefing, " \n ")


def _message(briefing: Briefing, tmp_path: Path) -> EmailMessage:
    report = tmp_path / "reinvent-2019.docx"
    deck = tmp_path / "reinvent-2019.pptx"
    report.write_bytes(b"PK\x03\x04 report bytes")
    deck.write_bytes(b"PK\x03\x04 deck bytes")
    addresses = check_addresses(
        "CCoE <ccoe@example.com>", ["a@example.com", "Bé Doe <b@example.com>"], ["c@example.com"]
    )
    return compose(briefing, load_theme("ccoe"), addresses, "Réinvent", [report, deck])


def test_the_message_structure(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    raw = serialize(_message(briefing, tmp_path))
    assert max(raw) < 128  # 7-bit: passes through servers without 8BITMIME
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "Réinvent"
    assert message["From"] == "CCoE <ccoe@example.com>"
    assert message["To"] == "a@example.com, Bé Doe <b@example.com>"
    assert message["Cc"] == "c@example.com"
    assert message["Date"] == "Fri, 20 Dec 2019 00:00:00 +0000"
    assert message.get_content_type() == "multipart/mixed"
    alternative, report, deck = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert (report.get_content_type(), report.get_filename()) == (DOCX, "reinvent-2019.docx")
    assert (deck.get_content_type(), deck.get_filename()) == (PPTX, "reinvent-2019.pptx")
    assert report.get_content_disposition() == "attachment"
    assert report.get_content() == b"PK\x03\x04 report bytes"
    text = message.get_body(("plain",))
    assert text is not None
    assert (
        "Attached: reinvent-2019.docx (the full report), reinvent-2019.pptx (the slide deck)."
        in words(text.get_content())
    )


def test_the_message_is_reproducible_under_source_date_epoch(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    first = serialize(_message(briefing, tmp_path))
    clock.advance(hours=30)
    assert serialize(_message(briefing, tmp_path)) == first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    ids = {_message(briefing, tmp_path)["Message-ID"] for _ in range(2)}
    assert len(ids) == 2  # a real send gets a unique Message-ID


def test_without_source_date_epoch_the_date_is_the_clocks(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _message(briefing, tmp_path)["Date"] == "Mon, 04 Mar 2024 09:30:00 +0000"
    clock.advance(hours=30)
    assert _message(briefing, tmp_path)["Date"] == "Tue, 05 Mar 2024 15:30:00 +0000"
