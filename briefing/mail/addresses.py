"""Email addresses as users type them, checked before anything is built or sent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address

from briefing.errors import DeliveryError

# "Jane Doe <jane@example.com>" or a bare address; the name part may be quoted.
_NAMED = re.compile(r"^(?P<name>.*?)\s*<(?P<addr>[^<>]*)>$", re.DOTALL)


@dataclass(frozen=True)
class Addresses:
    """Who sends the message and who receives it (To, then Cc)."""

    sender: Address
    to: tuple[Address, ...]
    cc: tuple[Address, ...] = ()

    @property
    def envelope(self) -> list[str]:
        """Every recipient once, in order: a person in To and Cc gets one copy."""
        seen: dict[str, str] = {}
        for address in (*self.to, *self.cc):
            seen.setdefault(address.addr_spec.casefold(), address.addr_spec)
        return list(seen.values())


def parse_address(spec: str, option: str) -> Address:
    """One address, bare or with a display name; DeliveryError saying which option is wrong."""
    text = spec.strip()
    name, addr = "", text
    named = _NAMED.match(text)
    if named:
        name = named.group("name").strip()
        addr = named.group("addr").strip()
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if any(ch in text for ch in "\r\n\t"):
        raise DeliveryError(f"{option} {spec!r} spans several lines; give one address per line")
    if "," in addr or ";" in addr:
        raise DeliveryError(
            f"{option} {spec!r} holds several addresses; give one per {option} "
            f"(repeat {option} for more)"
        )
    from email_validator import EmailNotValidError, validate_email

    try:
        # No SMTPUTF8: every server takes ASCII addresses; international domains become IDNA.
        checked = validate_email(addr, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        reason = str(exc).rstrip(".")
        raise DeliveryError(
            f"{option} {spec!r} is not a valid email address: {reason[:1].lower()}{reason[1:]}; "
            "write it as name@example.com"
        ) from None
    addr_spec = checked.ascii_email or checked.normalized
    return Address(display_name=name, addr_spec=addr_spec)


def check_addresses(sender: str, to: Sequence[str], cc: Sequence[str] = ()) -> Addresses:
    """Every address checked up front, so a typo stops the command before any work."""
    if not to:
        raise DeliveryError("no recipient: give at least one --to ADDRESS")
    return Addresses(
        sender=parse_address(sender, "--from"),
        to=tuple(parse_address(spec, "--to") for spec in to),
        cc=tuple(parse_address(spec, "--cc") for spec in cc),
    )
