"""Hostile and broken theme files: zip bombs, DTDs, headers that lie, broken fonts. Each is
refused (or left out) with one line naming the file and the part, before anything large is
unpacked; a deck on a template holds only the parts the template uses."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from briefing.cli import cli
from briefing.typeset import fonts
from briefing.untrusted import PART_LIMIT, Refused, refuse_dtd, used_parts
from tests.conftest import SAMPLE
from tests.exporters.test_docx_reference import libreoffice_like_reference

DTD = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'


def rewritten(
    source: Path,
    target: Path,
    change: dict[str, bytes | None],
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A copy of the package ``source`` with parts replaced (None: removed) and added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name in old.namelist():
            data = change.get(name, old.read(name))
            if data is not None:
                new.writestr(name, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def with_zeros(source: Path, target: Path, part: str, size: int) -> Path:
    """A copy of ``source`` plus an unused part of ``size`` zero bytes (a zip bomb)."""
    rewritten(source, target, {})
    with (
        zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as package,
        package.open(part, "w", force_zip64=True) as stream,
    ):
        block = bytes(1 << 20)
        for _ in range(size >> 20):
            stream.write(block)
    return target


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "plain.pptx"
    Presentation().save(str(path))
    return path


def theme(folder: Path, package: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / package.name).write_bytes(package.read_bytes())
    key = "pptx_template" if package.suffix == ".pptx" else "docx_template"
    (folder / "theme.yaml").write_text(f"name: t\n{key}: {package.name}\n", encoding="utf-8")
    return str(folder)


def build(theme_dir: str, fmt: str, out: Path, *, quiet: bool = True) -> Any:
    args = ["build", str(SAMPLE), "-f", fmt, "-t", theme_dir, "-o", str(out)]
    return CliRunner().invoke(cli, [*args, "-q"] if quiet else args)


def assert_one_line(result: object, *fragments: str) -> None:
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) <= 2 and "Traceback" not in result.output, result.output  # type: ignore[attr-defined]
    for fragment in fragments:
        assert fragment in lines[0], lines


def test_a_zip_bomb_template_is_refused_naming_the_part(template: Path, tmp_path: Path) -> None:
    bomb = with_zeros(template, tmp_path / "bomb.pptx", "ppt/media/unused.bin", 2 * PART_LIMIT)
    assert bomb.stat().st_size < 1 << 20  # small on disk, 200 MiB unpacked
    result = build(theme(tmp_path / "t", bomb), "pptx", tmp_path / "out")
    assert_one_line(result, "bomb.pptx", "ppt/media/unused.bin", "over the limit of 100.0 MiB")
    assert not (tmp_path / "out").exists()


def test_a_zip_bomb_reference_is_refused_naming_the_part(tmp_path: Path) -> None:
    reference = libreoffice_like_reference(tmp_path / "corp.docx")
    bomb = with_zeros(reference, tmp_path / "bomb.docx", "word/media/zeros.bin", 2 * PART_LIMIT)
    result = build(theme(tmp_path / "t", bomb), "docx", tmp_path / "out")
    assert_one_line(result, "bomb.docx", "word/media/zeros.bin", "would unpack to 200.0 MiB")


def test_xml_that_unpacks_far_beyond_its_size_is_refused(template: Path, tmp_path: Path) -> None:
    spaces = b"<?xml version='1.0'?><a>" + b" " * (2 << 20) + b"</a>"
    package = rewritten(template, tmp_path / "ratio.pptx", {}, {"ppt/extra.xml": spaces})
    with pytest.raises(Refused, match="times its packed size"):
        used_parts(package.read_bytes())


def understated(data: bytes, part: str, size: int) -> bytes:
    """``data`` (a zip) with ``part``'s unpacked size given as ``size`` in both its local
    header and the central directory."""
    package = bytearray(data)
    # signature, offset of the unpacked size, of the name length, of the name
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        start = package.find(signature)
        while start >= 0:
            length = struct.unpack_from("<H", package, start + length_at)[0]
            if bytes(package[start + name_at : start + name_at + length]) == part.encode():
                struct.pack_into("<I", package, start + size_at, size)
            start = package.find(signature, start + 4)
    return bytes(package)


def test_a_header_that_understates_a_part_cannot_make_it_unpack_further(
    template: Path, tmp_path: Path
) -> None:
    layout = "ppt/slideLayouts/slideLayout1.xml"
    lying = tmp_path / "lying.pptx"
    lying.write_bytes(understated(template.read_bytes(), layout, 100))
    result = build(theme(tmp_path / "t", lying), "pptx", tmp_path / "out")
    assert_one_line(result, "lying.pptx", layout)


@pytest.mark.parametrize("part", ["ppt/slideLayouts/slideLayout2.xml", "ppt/theme/theme1.xml"])
def test_a_template_part_with_a_dtd_is_refused_naming_it(
    template: Path, tmp_path: Path, part: str
) -> None:
    with zipfile.ZipFile(template) as z:
        original = z.read(part)
    hostile = original.replace(b"?>", b"?>" + DTD, 1).replace(b"<a:t>", b"<a:t>&xxe;", 1)
    package = rewritten(template, tmp_path / "dtd.pptx", {part: hostile})
    result = build(theme(tmp_path / "t", package), "pptx", tmp_path / "out")
    assert_one_line(result, "dtd.pptx", part, "DTD")
    result = CliRunner().invoke(cli, ["check-template", str(package)])
    assert_one_line(result, part, "DTD")


def test_a_reference_part_with_a_dtd_is_refused_naming_it(tmp_path: Path) -> None:
    reference = libreoffice_like_reference(tmp_path / "corp.docx")
    with zipfile.ZipFile(reference) as z:
        styles = z.read("word/styles.xml")
    package = rewritten(
        reference, tmp_path / "dtd.docx", {"word/styles.xml": styles.replace(b"?>", b"?>" + DTD, 1)}
    )
    result = build(theme(tmp_path / "t", package), "docx", tmp_path / "out")
    assert_one_line(result, "dtd.docx", "word/styles.xml", "DTD")


@pytest.mark.parametrize(
    "prolog",
    [
        DTD,
        b"<!-- a comment first -->\n" + DTD,
        b"\n" * 9000 + DTD,  # far past any fixed-size look at the start
        DTD.decode().encode("utf-16"),
    ],
)
def test_a_dtd_is_found_wherever_the_prolog_puts_it(prolog: bytes) -> None:
    if prolog.startswith(b"\xff\xfe"):
        data = (
            "<?xml version='1.0' encoding='utf-16'?>".encode("utf-16")
            + prolog[2:]
            + "<a/>".encode("utf-16-le")
        )
    else:
        data = b"<?xml version='1.0'?>" + prolog + b"<a>&xxe;</a>"
    with pytest.raises(Refused, match="DTD"):
        refuse_dtd("part.xml", data)
    refuse_dtd("part.xml", b"<?xml version='1.0'?><!-- <!DOCTYPE in a comment --><a/>")


def test_the_deck_keeps_only_the_parts_the_template_uses(template: Path, tmp_path: Path) -> None:
    package = rewritten(
        template,
        tmp_path / "extra.pptx",
        {},
        {
            "ppt/orphan.xml": b"<?xml version='1.0'?>" + DTD + b"<a/>",
            "docProps/junk.bin": b"x" * 1000,
        },
    )
    result = build(theme(tmp_path / "t", package), "pptx", tmp_path / "out")
    assert result.exit_code == 0, result.output  # an unused part is never read
    with zipfile.ZipFile(tmp_path / "out" / "reinvent-2019.pptx") as deck:
        names = deck.namelist()
    assert "ppt/orphan.xml" not in names and "docProps/junk.bin" not in names


@pytest.mark.parametrize("broken", ["random", "cut off"])
def test_a_broken_font_in_the_theme_is_one_line(tmp_path: Path, broken: str) -> None:
    folder = tmp_path / "t"
    (folder / "fonts").mkdir(parents=True)
    carlito = fonts.BUNDLED / "Carlito-Regular.ttf"
    data = carlito.read_bytes()
    damaged = bytes(range(256)) * 40 if broken == "random" else data[: len(data) * 6 // 10]
    (folder / "fonts" / "Broken.ttf").write_bytes(damaged)
    (folder / "theme.yaml").write_text("name: t\nfonts: {heading: Carlito}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "Broken.ttf" in line]
    assert len(said) == 1 and "not a font file that can be read" in said[0], result.stderr
    assert "Traceback" not in result.output


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` x ``height`` (its pixels are never there: nothing
    may decode it)."""
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def with_layout_picture(template: Path, target: Path, picture: bytes) -> Path:
    """``template`` with ``picture`` placed on its first layout (as ppt/media/huge.png)."""
    layout = "ppt/slideLayouts/slideLayout1.xml"
    rels = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    with zipfile.ZipFile(template) as z:
        xml, rel_xml, types = z.read(layout), z.read(rels), z.read("[Content_Types].xml")
    pic = (
        b'<p:pic><p:nvPicPr><p:cNvPr id="99" name="Huge"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        b'<p:blipFill><a:blip r:embed="rId99"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        b'<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        b'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    image_rel = (
        b'<Relationship Id="rId99" Target="../media/huge.png" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )
    png = b'<Default Extension="png" ContentType="image/png"/>'
    return rewritten(
        template,
        target,
        {
            layout: xml.replace(b"</p:spTree>", pic + b"</p:spTree>", 1),
            rels: rel_xml.replace(b"</Relationships>", image_rel + b"</Relationships>"),
            "[Content_Types].xml": types
            if b'Extension="png"' in types
            else types.replace(b"<Default ", png + b"<Default ", 1),
        },
        {"ppt/media/huge.png": picture},
    )


def test_a_template_picture_over_pillows_limit_is_kept_with_a_warning(
    template: Path, tmp_path: Path
) -> None:
    picture = huge_png(30000, 30000)
    package = with_layout_picture(template, tmp_path / "huge.pptx", picture)
    result = build(theme(tmp_path / "t", package), "pptx", tmp_path / "out", quiet=False)
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "huge.png" in line]
    assert len(said) == 1 and "30000 x 30000 pixels, over Pillow's limit" in said[0], said
    with zipfile.ZipFile(tmp_path / "out" / "reinvent-2019.pptx") as deck:
        kept = [
            n for n in deck.namelist() if n.startswith("ppt/media/") and deck.read(n) == picture
        ]
    assert kept, "the picture is kept as it is"


@pytest.mark.render
def test_a_picture_over_pillows_limit_is_never_decoded_for_a_pdf(
    soffice: str, template: Path, tmp_path: Path
) -> None:
    import subprocess

    from briefing.libreoffice import convert
    from briefing.untrusted import huge_pictures

    package = with_layout_picture(template, tmp_path / "huge.pptx", huge_png(30000, 30000))
    result = build(theme(tmp_path / "t", package), "pptx", tmp_path / "out", quiet=False)
    assert result.exit_code == 0, result.output
    deck = tmp_path / "out" / "reinvent-2019.pptx"
    assert huge_pictures(deck.read_bytes())
    pdf = convert(deck, tmp_path / "pdf")
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    sizes = [tuple(map(int, line.split()[3:5])) for line in listed.stdout.splitlines()[2:]]
    assert sizes and (30000, 30000) not in sizes
