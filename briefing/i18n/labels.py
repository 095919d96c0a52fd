"""The words a source or a theme may override (``labels: {takeaways: Was wir mitnehmen}``):
one key per message of the catalogue, each a line of text holding the placeholders its
message has ("{title} (Forts.)" for ``continued``). Any other key is refused, with a
did-you-mean, as every unknown key of a source is."""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainValidator, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from briefing.i18n.catalogue import load
from briefing.i18n.keys import KEYS

_FIELD = re.compile(r"\{([^{}]*)\}")


def english(key: str) -> str:
    """The English message of ``key``."""
    return load("en").gettext(key)


def placeholders(template: str) -> tuple[str, ...]:
    """The fields of a message, in order: ('title', 'number') for '{title} (cont. {number})'."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("label", "{message}", {"message": message})


def _checker(key: str) -> Any:
    template = english(key)
    wanted = placeholders(template)

    def check(value: object) -> str:
        if not isinstance(value, str):
            raise _problem(
                f"expected text, got {type(value).__name__} ({value!r}); put the label in quotes"
            )
        text = value.strip()
        if not text:
            raise PydanticCustomError("empty_text", "must not be empty")
        if "\n" in text:
            raise PydanticCustomError("multiline", "must be on one line")
        found = _FIELD.findall(text)
        stray = _FIELD.sub("", text)
        unknown = [name for name in found if name not in wanted]
        example = f"as in the English {template!r}" if wanted else f"the English is {template!r}"
        if unknown or "{" in stray or "}" in stray:
            allowed = ", ".join(f"{{{name}}}" for name in wanted) or "none"
            what = f"unknown placeholder {{{unknown[0]}}}" if unknown else "a brace"
            raise _problem(f"{what} in {text!r}; the placeholders are {allowed} ({example})")
        missing = [name for name in wanted if name not in found]
        if missing:
            needed = ", ".join(f"{{{name}}}" for name in missing)
            raise _problem(f"{text!r} leaves out {needed}; keep it where the words go ({example})")
        return text

    return check


def _schema(key: str) -> dict[str, Any]:
    """The JSON Schema of one label: one line; braces only around its placeholders, all of
    them there."""
    wanted = placeholders(english(key))
    fields = "|".join(re.escape(name) for name in wanted)
    body = rf"(?:[^{{}}]|\{{(?:{fields})\}})*" if wanted else r"[^{}]*"
    ahead = "".join(rf"(?=[\s\S]*\{{{re.escape(name)}\}})" for name in wanted)
    return {
        "type": "string",
        "allOf": [{"pattern": r"^\s*\S(?:[^\n]*\S)?\s*$"}, {"pattern": f"^{ahead}{body}$"}],
        "description": f"Instead of {english(key)!r}",
    }


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def overrides(self) -> dict[str, str]:
        """The labels given, by key."""
        return {key: value for key, value in self if value is not None}


if TYPE_CHECKING:

    class Labels(_Base):
        """Words to use instead of the catalogue's, by message key."""

else:
    Labels = create_model(
        "Labels",
        __base__=_Base,
        __doc__="Words to use instead of the catalogue's, by message key.",
        **{
            key: (
                Annotated[str, PlainValidator(_checker(key)), WithJsonSchema(_schema(key))] | None,
                None,
            )
            for key in KEYS
        },
    )
