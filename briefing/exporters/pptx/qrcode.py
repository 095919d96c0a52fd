"""A QR code symbol of ASCII text, as segno 1.6 encodes it, made fast enough for a catalog.

Byte mode at the smallest version that holds the text at error level M, the level then raised
while the version still holds it (segno's ``boost_error``), Reed-Solomon blocks interleaved,
and of the eight masks the first with the lowest penalty under segno's scoring of the four
ISO/IEC 18004 rules. The masks are scored on whole lines at once: each orientation of the
symbol is one integer (a guard bit between lines), so runs, blocks and finder-like patterns are
found with shifts and bit counts instead of module by module. segno's tables (capacities,
blocks, generator polynomials, positions) are used as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product, zip_longest
from operator import itemgetter
from typing import Any, cast

from segno import consts

# segno's tables, typed: capacities in bits by version and level, Reed-Solomon blocks,
# generator polynomials, GF(256) logarithms, alignment pattern centres, format and version
# information words.
_CAPACITY = cast("dict[int, dict[int, int]]", consts.SYMBOL_CAPACITY)
_BLOCKS = cast("dict[int, dict[int, tuple[Any, ...]]]", consts.ECC)
_GENERATORS: dict[int, tuple[int, ...]] = consts.GEN_POLY
_LOG = cast("tuple[int, ...]", consts.GALIOS_LOG)
_EXP = cast("tuple[int, ...]", consts.GALIOS_EXP)
_CENTRES = cast("tuple[tuple[int, ...], ...]", consts.ALIGNMENT_POS)
_FORMAT = cast("tuple[int, ...]", consts.FORMAT_INFO)
_VERSION = cast("tuple[int, ...]", consts.VERSION_INFO)

_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
# segno's error level constants (its tables are keyed by them).
_M, _Q, _H = 0, 3, 2
_CAPACITY_V40_M = 18672  # bits of data version 40 holds at level M
_FINDER = (
    "000000000",
    "011111110",
    "010000010",
    "010111010",
    "010111010",
    "010111010",
    "010000010",
    "011111110",
    "000000000",
)
_ALIGNMENT = ("11111", "10001", "10101", "10001", "11111")


def supported(text: str) -> bool:
    """Whether segno would encode ``text`` as this module does: ASCII that is not all digits
    and not all in the alphanumeric set (those get segno's denser modes), and not too long."""
    return (
        _bit_length(40, len(text)) <= _CAPACITY_V40_M
        and text.isascii()
        and not text.isdigit()
        and not set(text) <= _ALPHANUMERIC
    )


def symbol(data: bytes) -> list[bytearray]:
    """The symbol of ``data`` in byte mode: rows of modules, 1 dark."""
    version = next(v for v in range(1, 41) if _CAPACITY[v][_M] >= _bit_length(v, len(data)))
    error = _M
    for level in (_Q, _H):  # segno raises the level while the version still holds the data
        if _CAPACITY[version][level] >= _bit_length(version, len(data)):
            error = level
        else:
            break
    capacity = _CAPACITY[version][error]
    count_bits = 8 if version < 10 else 16
    bits = "0100" + format(len(data), f"0{count_bits}b") + "".join(format(b, "08b") for b in data)
    bits += "0" * min(capacity - len(bits), 4)  # terminator
    bits += "0" * (8 - len(bits) % 8)  # to a whole codeword (a whole one when it ends on one)
    pads = ("11101100", "00010001")
    bits += "".join(pads[i % 2] for i in range(capacity // 8 - len(bits) // 8))
    codewords = int(bits, 2).to_bytes(len(bits) // 8, "big")
    layout = _layout(version)
    message = _message(version, error, codewords) + "0" * layout.remainder
    modules = bytes(itemgetter(*layout.gather)(layout.fixed + message.encode("ascii")))
    rows = [bytearray(modules[i * layout.size : (i + 1) * layout.size]) for i in range(layout.size)]
    for row in rows:  # ASCII "0"/"1" to 0/1
        row[:] = row.translate(_DIGITS)
    mask = _best_mask(layout, modules)
    for i, pattern in enumerate(layout.masks[mask]):  # bytes of 0/1: xor as whole numbers
        flipped = int.from_bytes(rows[i], "big") ^ int.from_bytes(pattern, "big")
        rows[i] = bytearray(flipped.to_bytes(layout.size, "big"))
    _add_format_info(rows, version, error, mask)
    _add_version_info(rows, version)
    return rows


_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _bit_length(version: int, length: int) -> int:
    return 4 + (8 if version < 10 else 16) + 8 * length


def _message(version: int, error: int, codewords: bytes) -> str:
    """The codewords in blocks with their Reed-Solomon error correction, interleaved, as bits."""
    data_blocks, error_blocks = [], []
    offset = 0
    for info in _BLOCKS[version][error]:
        size = info.num_total - info.num_data
        generator = _GENERATORS[size]
        for _ in range(info.num_blocks):
            block = codewords[offset : offset + info.num_data]
            offset += info.num_data
            data_blocks.append(block)
            error_blocks.append(_correction(block, generator, size))
    ordered = [
        b
        for blocks in (data_blocks, error_blocks)
        for group in zip_longest(*blocks)
        for b in group
        if b is not None
    ]
    return "".join(_BYTE_BITS[b] for b in ordered)


_BYTE_BITS = tuple(format(b, "08b") for b in range(256))


def _correction(block: bytes, generator: tuple[int, ...], size: int) -> list[int]:
    """The error correction codewords of ``block`` (polynomial division over GF(256))."""
    log, exp = _LOG, _EXP
    remainder = [0] * size
    for byte in block:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            base = log[factor]
            remainder = [r ^ exp[base + g] for r, g in zip(remainder, generator, strict=True)]
    return remainder


@dataclass(frozen=True)
class _Layout:
    """What every symbol of one version shares: where the data bits go, the function
    patterns, and the eight masks, in the forms the encoder and the penalty rules use."""

    size: int
    fixed: bytes  # the function modules' values ("0"/"1"), then the data bits are appended
    gather: tuple[int, ...]  # for each module (row-major), its index into fixed + data
    remainder: int  # bits after the codewords that fill the data region
    masks: tuple[tuple[bytes, ...], ...]  # per mask, per row: 1 where the mask flips a module
    mask_rows: tuple[int, ...]  # per mask: the flips as one row-major integer (see _big)
    mask_columns: tuple[int, ...]  # the same, column by column


@lru_cache(maxsize=40)
def _layout(version: int) -> _Layout:
    size = version * 4 + 17
    grid = [bytearray([2]) * size for _ in range(size)]  # 2: a data module
    for i, j in ((0, 0), (0, size - 8), (size - 8, 0)):
        top, left = (1 if i == 0 else 0), (0 if j != 0 else 1)
        for r in range(8):
            grid[i + r][j : j + 8] = bytes(int(c) for c in _FINDER[top + r][left : left + 8])
    if version >= 7:  # the version information areas
        for i in range(6):
            for k in (11, 10, 9):
                grid[i][size - k] = 0
                grid[size - k][i] = 0
    for i in range(9):  # the format information areas, and the dark module's place
        grid[i][8] = grid[8][i] = 0
        grid[-i][8] = grid[8][-i] = 0
    bit = 1
    for i in range(8, size - 8):  # timing patterns
        grid[i][6] = grid[6][i] = bit
        bit ^= 1
    if version >= 2:
        positions = _CENTRES[version - 2]
        corners = {(positions[0], positions[0]), (positions[0], positions[-1])}
        corners.add((positions[-1], positions[0]))
        for x, y in product(positions, repeat=2):
            if (x, y) not in corners:
                for r in range(5):
                    grid[x - 2 + r][y - 2 : y + 3] = bytes(int(c) for c in _ALIGNMENT[r])
    order = _placement(grid, size)
    fixed = bytearray()
    gather = [0] * (size * size)
    index_of = {cell: k for k, cell in enumerate(order)}
    for i in range(size):
        for j in range(size):
            if grid[i][j] == 2:
                gather[i * size + j] = -1 - index_of[i, j]  # resolved below
            else:
                gather[i * size + j] = len(fixed)
                fixed.append(48 + grid[i][j])
    gather = [len(fixed) - 1 - g if g < 0 else g for g in gather]
    functions = _mask_functions()
    masks = tuple(
        tuple(bytes(int(grid[i][j] == 2 and fn(i, j)) for j in range(size)) for i in range(size))
        for fn in functions
    )
    return _Layout(
        size=size,
        fixed=bytes(fixed),
        gather=tuple(gather),
        remainder=len(order) - _data_bits(version),
        masks=masks,
        mask_rows=tuple(_big(rows) for rows in masks),
        mask_columns=tuple(_big(_transpose(rows)) for rows in masks),
    )


def _data_bits(version: int) -> int:
    return 8 * sum(int(info.num_total * info.num_blocks) for info in _BLOCKS[version][_M])


def _placement(grid: list[bytearray], size: int) -> list[tuple[int, int]]:
    """The data modules in the order bits fill them: two-module columns from the right,
    alternately upwards and downwards, skipping the vertical timing pattern."""
    order = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (size - 1 - vertical) if upwards else vertical
                if grid[i][j] == 2:
                    order.append((i, j))
    return order


def _mask_functions() -> tuple[Callable[[int, int], bool], ...]:
    """The eight data masks: whether module (row i, column j) is flipped."""
    return (
        lambda i, j: (i + j) % 2 == 0,
        lambda i, j: i % 2 == 0,
        lambda i, j: j % 3 == 0,
        lambda i, j: (i + j) % 3 == 0,
        lambda i, j: (i // 2 + j // 3) % 2 == 0,
        lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
        lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    )


def _transpose(rows: tuple[bytes, ...] | list[bytes]) -> list[bytes]:
    return [bytes(column) for column in zip(*rows, strict=True)]


def _big(rows: tuple[bytes, ...] | list[bytes]) -> int:
    """Rows of 0/1 as one integer: each row a 0 guard bit then its modules, first row and
    first module highest. The guard keeps runs and patterns from spanning two rows."""
    text = b"".join(b"0" + bytes(48 + m for m in row) for row in rows)
    return int(text, 2)


# --- the mask: segno's penalty rules, whole lines at a time ---------------------------------


def _best_mask(layout: _Layout, modules: bytes) -> int:
    """The mask with the lowest penalty (the first of equals), as segno scores them: on the
    symbol without its format and version information."""
    size = layout.size
    rows = [modules[i * size : (i + 1) * size] for i in range(size)]
    plain_rows = int(b"".join(b"0" + r for r in rows), 2)
    columns = [bytes(c) for c in zip(*rows, strict=True)]
    plain_columns = int(b"".join(b"0" + c for c in columns), 2)
    stride = size + 1
    full = int(("0" + "1" * size) * size, 2)
    best, chosen = None, 0
    for mask in range(8):
        across = plain_rows ^ layout.mask_rows[mask]
        down = plain_columns ^ layout.mask_columns[mask]
        score = _runs(across, full) + _runs(down, full)
        score += 3 * (_blocks(across, stride) + _blocks(~across & full, stride))
        score += _finder_like(across, full, size) + _finder_like(down, full, size)
        dark = across.bit_count()
        percent = float(dark) / (size**2)
        score += 10 * int(abs(percent * 100 - 50) / 5)
        if best is None or score < best:
            best, chosen = score, mask
    return chosen


def _runs(x: int, full: int) -> int:
    """Five or more modules of one colour in a row: 3 points, and one more per extra module."""
    total = 0
    for line in (x, ~x & full):
        windows = line & (line >> 1) & (line >> 2) & (line >> 3) & (line >> 4)
        total += windows.bit_count() + 2 * (windows & ~(windows << 1)).bit_count()
    return total


def _blocks(x: int, stride: int) -> int:
    """2 x 2 blocks of one colour (``x`` holding that colour's modules)."""
    return (x & (x >> 1) & (x >> stride) & (x >> (stride + 1))).bit_count()


def _finder_like(x: int, full: int, size: int) -> int:
    """1:1:3:1:1 dark-light patterns with four light modules on a side: 40 points each,
    found along each line as segno finds them (resuming after a counted one)."""
    light = ~x & full
    found = x & (light >> 1) & (x >> 2) & (x >> 3) & (x >> 4) & (light >> 5) & (x >> 6)
    if not found:
        return 0
    # Each pattern marked at its first module. It counts at either end of its line, or with
    # four light modules before or after it (fewer where the line ends first).
    first = found << 6
    starts, ends = _line_ends(size)
    before = after = -1
    reach_start = reach_end = 0
    for k in range(1, 5):
        reach_start |= starts >> (k - 1)
        reach_end |= ends << (k - 1)
        before &= (light >> k) | reach_start
        after &= (light << k) | reach_end
    counted = first & (starts | (ends << 6) | before | (after << 6))
    # One overlapping a counted one 4 or 6 modules before it is skipped: work through the
    # line in order then (rare).
    if not first & ((counted >> 4) | (counted >> 6)):
        return 40 * counted.bit_count()
    return _finder_like_in_order(x, found, size)


@lru_cache(maxsize=40)
def _line_ends(size: int) -> tuple[int, int]:
    """Bits of every line's first module and of its last (see ``_big``)."""
    guards = int(("1" + "0" * size) * size, 2)
    return guards >> 1, guards >> size


def _finder_like_in_order(x: int, found: int, size: int) -> int:
    stride = size + 1
    total_bits = stride * size
    starts: dict[int, list[int]] = {}
    while found:
        low = found & -found
        bit = low.bit_length() - 1
        found ^= low
        # Bit ``bit`` is the pattern's last module; its first is 6 modules before it.
        line, index = divmod(total_bits - 1 - bit - 6, stride)
        starts.setdefault(line, []).append(index - 1)  # less the guard
    score = 0
    line_mask = (1 << size) - 1
    for line, indexes in starts.items():
        # The line's modules as an integer: module k is bit size - 1 - k.
        modules = (x >> (total_bits - (line + 1) * stride)) & line_mask

        def dark_in(first: int, end: int, modules: int = modules) -> bool:
            """Whether any of modules [first, end) is dark."""
            if end <= first:
                return False
            return bool((modules >> (size - end)) & ((1 << (end - first)) - 1))

        resume = 0
        for index in sorted(indexes):
            if index < resume:
                continue
            if (
                index in (0, size - 7)
                or not dark_in(max(index - 4, 0), index)
                or not dark_in(index + 7, min(index + 11, size))
            ):
                score += 40
                resume = index + 7
            else:
                resume = index + 4
    return score


# --- format and version information -----------------------------------------------------


def _add_format_info(rows: list[bytearray], version: int, error: int, mask: int) -> None:
    offsets = {_M: 0x00, 1: 0x08, _H: 0x10, _Q: 0x18}
    info = _FORMAT[mask + offsets[error]]
    vertical_offset, horizontal_offset = 0, 0
    row_eight = rows[8]
    for i in range(8):
        vbit = (info >> i) & 1
        hbit = (info >> (14 - i)) & 1
        if i == 6:  # the timing pattern
            vertical_offset += 1
            horizontal_offset = 1
        rows[i + vertical_offset][8] = vbit
        row_eight[i + horizontal_offset] = hbit
        row_eight[-1 - i] = vbit
        rows[-1 - i][8] = hbit
    rows[-8][8] = 1  # the dark module


def _add_version_info(rows: list[bytearray], version: int) -> None:
    if version < 7:
        return
    info = _VERSION[version - 7]
    for i in range(6):
        for k, column in enumerate((-11, -10, -9)):
            bit = (info >> (i * 3 + k)) & 1
            rows[column][i] = bit
            rows[i][column] = bit
