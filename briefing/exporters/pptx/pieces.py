"""What a session's slides are made of: groups of paragraphs and their items, the right
column's blocks, the pages a plan holds, and the columns' sizes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from briefing.exporters.pptx.style import Style
from briefing.exporters.pptx.text import TextPara
from briefing.i18n import Key, Messages
from briefing.model import Stat
from briefing.richtext import RichText
from briefing.typeset.wrap import Box, Para

KEY_POINTS, SUMMARY, TAKEAWAYS, WHY = "Key points", "Summary", "Takeaways", "Why it matters"
MORE = "More"  # what a summary slide leaves to the notes
STATEMENT = "Statement"  # one or two key points set large, on a slide of their own
GAP = 14.0
TINTED = (14.0, 14.0, 10.0, 12.0)  # left, right, top, bottom insets of a tinted box
NO_INSETS = (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Group:
    name: str  # the group's shape is named so
    tinted: bool
    bullet: str | None
    heading: bool = True  # False: its items follow the group before, without a heading
    key: Key | None = None  # the message of its heading

    @property
    def insets(self) -> tuple[float, float, float, float]:
        return TINTED if self.tinted else NO_INSETS

    def heading_text(self, words: Messages) -> str:
        """The group's heading as the slide shows it: small capitals, 'KEY POINTS'."""
        return (words(self.key) if self.key else self.name).upper()


BULLETED_POINTS = Group(KEY_POINTS, False, "•", key="key_points")
PLAIN_POINTS = Group(KEY_POINTS, False, None, key="key_points")
SUMMARY_GROUP = Group(SUMMARY, False, None, key="summary")
TAKEAWAYS_GROUP = Group(TAKEAWAYS, True, "→", key="takeaways")
WHY_GROUP = Group(WHY, True, None, key="why_it_matters")
MORE_GROUP = Group(MORE, False, None, heading=False)
STATEMENT_GROUP = Group(STATEMENT, False, None, heading=False)


class Item:
    """One paragraph of the left column, measured in a narrow and in a wide column; how it
    is painted is worked out only for the layout that is written."""

    __slots__ = ("_bullet", "_look", "_para", "group", "narrow", "text", "wide")

    def __init__(
        self, look: Look, group: int, text: RichText, bullet: bool, narrow: float, wide: float
    ) -> None:
        self._look, self.group, self.text, self._bullet = look, group, text, bullet
        self.narrow = narrow  # its lines plus its space before, in the left column
        self.wide = wide  # the same across the whole width
        self._para: TextPara | None = None

    @property
    def para(self) -> TextPara:
        if self._para is None:
            self._para = self._look.para(self.text, self._bullet)
        return self._para


@dataclass(frozen=True)
class Look:
    """How the items of one group are set at one size."""

    style: Style
    group: Group
    size: float
    indent: float

    def para(self, text: RichText, bullet: bool = True) -> TextPara:
        style, size, group = self.style, self.size, self.group
        return TextPara(
            Para(text, size, style.body_font, indent=self.indent, space_before=round(size * 0.4)),
            color=style.muted if group.name == MORE else style.text,
            bullet=group.bullet if bullet else None,
            bullet_color=style.primary,
            link_color=style.link,
        )


class Block:
    """One piece of the right column: a callout, a chart or the "why it matters" box.

    A callout is measured for every size tried, but painted (``paras``, ``box``) only for
    the layout that is written.
    """

    __slots__ = ("_box", "_paint", "_paras", "height", "kind", "stats")

    def __init__(
        self,
        kind: str,
        height: float,
        stats: tuple[Stat, ...] = (),
        paras: tuple[TextPara, ...] = (),
        box: Box | None = None,
        paint: Callable[[], tuple[tuple[TextPara, ...], Box]] | None = None,
    ) -> None:
        self.kind, self.height, self.stats = kind, height, stats
        self._paras, self._box, self._paint = paras, box, paint

    @property
    def paras(self) -> tuple[TextPara, ...]:
        self._painted()
        return self._paras

    @property
    def box(self) -> Box | None:
        self._painted()
        return self._box

    def _painted(self) -> None:
        if self._paint is not None:
            self._paras, self._box = self._paint()
            self._paint = None


@dataclass
class Page:
    size: float
    wide: bool  # True: no right column, the left one takes the whole width
    groups: list[Group]
    items: list[Item] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """The columns' widths, the height they can use and what the video keeps free."""

    left: float
    right: float
    gap: float
    height: float
    video: float  # height kept free at the bottom of the first slide's right column
    video_left: bool = False  # the video under the left column instead (beside a chart)
    # The figures take the main place, on the left, and the left column's items (takeaways,
    # why it matters) go on the right: a session with figures and no key points.
    figures_first: bool = False

    @property
    def whole(self) -> float:
        return self.left + self.gap + self.right

    def right_room(self, page: int) -> float:
        kept = self.video + GAP if page == 0 and not self.video_left else 0.0
        return self.height - kept

    def left_room(self, page: int) -> float:
        kept = self.video + GAP if page == 0 and self.video_left and self.video else 0.0
        return self.height - kept
