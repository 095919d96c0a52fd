"""`briefing check-template` and theme loading, given a file that is not a usable template:
one line that names the file, says what it is, and what to do; never an internal repr."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pptx
import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import SourceError
from briefing.themes import load_theme
from tests.test_themes import make_theme

LIBREOFFICE_TEMPLATES = Path("/usr/lib/libreoffice/share/template/common/presnt")
ODP = "application/vnd.oasis.opendocument.presentation"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
AGAIN = "save it again from PowerPoint as .pptx or .potx"
UNREADABLE = "is not a readable PowerPoint file"


def refused(path: Path) -> str:
    """The one line check-template prints for ``path``, checked for the shape every one has."""
    result = CliRunner().invoke(cli, ["check-template", str(path)])
    # A BriefingError exits through click; any other exception would be caught by CliRunner
    # with exit code 1 too, and reach a user as a traceback or an "unexpected" error.
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    (line,) = lines
    assert line.startswith(f"Error: cannot open the PowerPoint template {path}: it ")
    rest = line.replace(str(path), "FILE")
    for leak in ("0x", "BytesIO", "Traceback", "There is no item named", "object at"):
        assert leak not in rest
    return line


def expected(path: Path, reason: str) -> str:
    return f"Error: cannot open the PowerPoint template {path}: it {reason}"


def convert(path: Path) -> str:
    return f"soffice --headless --convert-to pptx --outdir {path.parent} {path}"


def saved_pptx(path: Path) -> Path:
    pptx.Presentation().save(str(path))
    return path


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "corporate.pptx"
    folder.mkdir()
    assert refused(folder) == expected(
        folder, "is a folder; give the path of the template file (.pptx or .potx) instead"
    )


def test_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.potx"
    assert refused(missing) == expected(
        missing, "does not exist (there is no file at that path); check the path"
    )


def test_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pptx"
    empty.write_bytes(b"")
    assert refused(empty) == expected(empty, f"{UNREADABLE} (it is empty: 0 bytes); {AGAIN}")


def test_a_text_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.pptx"
    text.write_text("Corporate template: ask marketing\n", encoding="utf-8")
    assert refused(text) == expected(text, f"is not a PowerPoint file; {AGAIN}")


def test_a_zip_that_is_not_ooxml(tmp_path: Path) -> None:
    archive = tmp_path / "template.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("readme.txt", "hello")
    assert refused(archive) == expected(
        archive, f"is a zip archive, not a PowerPoint file; {AGAIN}"
    )


def test_a_zip_holding_the_template(tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.write(saved_pptx(tmp_path / "a.pptx"), "Corporate.potx")
    assert refused(archive) == expected(
        archive, "is a zip archive holding Corporate.potx; extract that file and give its path"
    )


def test_a_libreoffice_template(tmp_path: Path) -> None:
    if not LIBREOFFICE_TEMPLATES.is_dir():
        pytest.skip(f"LibreOffice's templates are not installed at {LIBREOFFICE_TEMPLATES}")
    otp = tmp_path / "Focus.otp"
    shutil.copy(next(iter(sorted(LIBREOFFICE_TEMPLATES.glob("*.otp")))), otp)
    assert refused(otp) == expected(
        otp,
        "is a LibreOffice Impress template (.otp); open it in LibreOffice Impress and save it "
        f"as .potx, or run `{convert(otp)}`",
    )


def test_a_libreoffice_presentation(tmp_path: Path) -> None:
    odp = tmp_path / "slides.pptx"  # misnamed: told by its content
    with zipfile.ZipFile(odp, "w") as package:
        package.writestr("mimetype", ODP)  # ODF's first entry, stored
        package.writestr("content.xml", "<office:document-content/>")
    assert refused(odp) == expected(
        odp,
        "is a LibreOffice Impress presentation (.odp); open it in LibreOffice Impress and save "
        f"it as .pptx, or run `{convert(odp)}`",
    )


@pytest.mark.parametrize(
    ("name", "main", "what"),
    [
        ("report.docx", "document.main+xml", "a Word document (.docx)"),
        ("report.dotx", "template.main+xml", "a Word template (.dotx)"),
    ],
)
def test_a_word_file(tmp_path: Path, name: str, main: str, what: str) -> None:
    made = tmp_path / "made.docx"
    docx.Document().save(str(made))
    word = tmp_path / name
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(word, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", main.encode())
            target.writestr(info, content)
    assert refused(word) == expected(
        word, f"is {what}, not a PowerPoint file; give a PowerPoint .pptx or .potx template"
    )


def test_a_truncated_pptx(tmp_path: Path) -> None:
    whole = saved_pptx(tmp_path / "whole.pptx").read_bytes()
    cut = tmp_path / "cut.pptx"
    cut.write_bytes(whole[: len(whole) // 2])
    assert refused(cut) == expected(
        cut, f"{UNREADABLE} (it is cut off or damaged: a partial copy or download?); {AGAIN}"
    )


def test_a_pptx_with_a_corrupt_part(tmp_path: Path) -> None:
    source = saved_pptx(tmp_path / "source.pptx")
    stored = tmp_path / "corrupt.pptx"
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(stored, "w") as copy:
        for name in package.namelist():
            copy.writestr(name, package.read(name))  # stored, so bytes can be flipped in place
    data = bytearray(stored.read_bytes())
    data[data.find(b"<p:presentation") + 40] ^= 1
    stored.write_bytes(bytes(data))
    assert refused(stored) == expected(
        stored, f"{UNREADABLE} (its part ppt/presentation.xml is corrupt); {AGAIN}"
    )


def test_an_old_binary_powerpoint_file(tmp_path: Path) -> None:
    ppt = tmp_path / "deck.ppt"
    directory = "PowerPoint Document".encode("utf-16-le")  # the stream an OLE .ppt holds
    ppt.write_bytes(OLE + bytes(504) + directory + bytes(512))
    assert refused(ppt) == expected(
        ppt,
        "is in the old binary PowerPoint format (.ppt), not .pptx or .potx; open it in "
        f"PowerPoint and save it as .pptx or .potx, or run `{convert(ppt)}`",
    )


def test_an_unidentified_ole_file(tmp_path: Path) -> None:
    ole = tmp_path / "template.pptx"
    ole.write_bytes(OLE + bytes(1024))
    assert refused(ole) == expected(
        ole,
        "is an old binary Office file (.ppt or similar), not .pptx or .potx; open it in "
        f"PowerPoint and save it as .pptx or .potx, or run `{convert(ole)}`",
    )


def test_a_keynote_file(tmp_path: Path) -> None:
    key = tmp_path / "deck.key"
    with zipfile.ZipFile(key, "w") as package:
        package.writestr("Index/Document.iwa", b"\0")
        package.writestr("Index/Slide-1.iwa", b"\0")
    assert refused(key) == expected(
        key,
        "is an Apple Keynote presentation; in Keynote choose File > Export To > PowerPoint and "
        "give the exported .pptx file",
    )


def test_a_package_python_pptx_refuses_shows_no_repr(tmp_path: Path) -> None:
    # Its content types name a presentation, but its main part is a Word document: the
    # content checks pass, and python-pptx's own message shows the stream's repr.
    made = tmp_path / "made.docx"
    docx.Document().save(str(made))
    mixed = tmp_path / "mixed.pptx"
    override = f'<Override PartName="/ppt/presentation.xml" ContentType="{PPTX_MAIN}"/>'
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(mixed, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"<Override ", override.encode() + b"<Override ", 1)
            target.writestr(info, content)
        target.writestr("ppt/presentation.xml", "<p:presentation/>")
    assert refused(mixed) == expected(
        mixed,
        "is damaged or not a PowerPoint presentation (the file is not a PowerPoint file, "
        "content type is 'application/vnd.openxmlformats-officedocument.wordprocessingml."
        f"document.main+xml'); {AGAIN}",
    )


def test_the_installed_command_prints_one_line(tmp_path: Path) -> None:
    command = Path(sys.executable).parent / "briefing"
    if not command.is_file():
        pytest.skip(f"{command} is not installed (pip install -e .)")
    empty = tmp_path / "template.potx"
    empty.write_bytes(b"")
    result = subprocess.run(
        [str(command), "check-template", str(empty)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == expected(empty, f"{UNREADABLE} (it is empty: 0 bytes); {AGAIN}") + "\n"


def test_a_theme_whose_template_is_a_libreoffice_one(workdir: Path) -> None:
    folder = make_theme(workdir / "themes" / "office", "name: office\npptx_template: brand.otp\n")
    with zipfile.ZipFile(folder / "brand.otp", "w") as package:
        package.writestr("mimetype", f"{ODP}-template")
        package.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(SourceError) as caught:
        load_theme("office")
    assert str(caught.value) == (
        "themes/office/theme.yaml:2:16: pptx_template: 'brand.otp' is a LibreOffice Impress "
        "template (.otp); open it in LibreOffice Impress and save it as .potx, or run "
        "`soffice --headless --convert-to pptx --outdir themes/office themes/office/brand.otp`"
    )


def test_a_theme_whose_template_is_a_word_file(workdir: Path) -> None:
    folder = make_theme(workdir / "themes" / "mixed", "name: mixed\npptx_template: deck.pptx\n")
    docx.Document().save(str(folder / "deck.pptx"))
    with pytest.raises(SourceError) as caught:
        load_theme("mixed")
    assert str(caught.value) == (
        "themes/mixed/theme.yaml:2:16: pptx_template: 'deck.pptx' is a Word document (.docx), "
        "not a PowerPoint file; give a PowerPoint .pptx or .potx template"
    )
