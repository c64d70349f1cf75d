"""A filled questionnaire whose sheets reach further than any questionnaire is refused, never laid out in memory.

One cell at XFD1048576 in a 5 KB workbook is 17 billion cells from A1; the far cases run in a
child process with a memory limit, so without the check they fail as a test (the child is
killed), never taking pytest with them.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.export.questionnaire import GUIDE_TITLE, ID_SHEET, targets, write_questionnaire
from finops_desktop.export.questionnaire_reader import QuestionnaireError, read_questionnaire
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file

ROOT = Path(__file__).resolve().parents[3]
NOT_OURS = "no questionnaire of this app is that large, so it was not read"
#: Reads the questionnaire in a process allowed 4 GB of address space: enough to start, nowhere
#: near what one far cell asks for. Prints the refusal, or how many answers were read.
CHILD = textwrap.dedent("""
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    from finops_desktop.export.questionnaire_reader import QuestionnaireError, read_questionnaire
    from finops_desktop.storage.workshop_file import WorkshopFile
    with WorkshopFile.open(sys.argv[1], read_only=True) as file:
        try:
            print("read:", len(read_questionnaire(Path(sys.argv[2]), file.workshop, sys.argv[3]).answers))
        except QuestionnaireError as exc:
            print("refused:", exc)
""")


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(a workshop file, Ana's questionnaire as sent, the workshop's id)."""
    folder = tmp_path_factory.mktemp("questionnaire")
    path = make_workshop_file(folder / "w.finops", [("Retail", 1000.0, {}), ("Cloud platform", 500.0, {})])
    with WorkshopFile.open(path) as file:
        person = file.add_participant("Ana")
        uid = file.workshop_uid
        (target,) = targets(file.workshop, [person])
        write_questionnaire(file.workshop, uid, target, folder / "ana.xlsx")
    return path, folder / "ana.xlsx", uid


def read(sent: tuple[Path, Path, str], workbook: Path) -> int:
    path, _, uid = sent
    with WorkshopFile.open(path, read_only=True) as file:
        return len(read_questionnaire(workbook, file.workshop, uid).answers)


def answered(questionnaire: Path, out: Path, far: tuple[str, int, int] | None = None) -> Path:
    """Ana's questionnaire with one answer on Retail, and optionally one cell (sheet, row, column) far away."""
    book = load_workbook(questionnaire)
    book["Retail"].cell(4, 3).value = "Walk"
    if far is not None:
        sheet, row, column = far
        book[sheet].cell(row, column).value = "x"
    book.save(out)
    return out


def read_in_child(sent: tuple[Path, Path, str], workbook: Path) -> str:
    path, _, uid = sent
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(workbook), uid], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"reading killed its process ({done.returncode}): {done.stderr[-300:]}"
    return done.stdout.strip()


def test_a_questionnaire_as_answered_is_read(sent: tuple[Path, Path, str], tmp_path: Path) -> None:
    assert read(sent, answered(sent[1], tmp_path / "ana.xlsx")) == 1


@pytest.mark.parametrize(("sheet", "row", "column", "corner"), [
    (GUIDE_TITLE, 1_048_576, 16_384, "XFD1048576"),
    (ID_SHEET, 1_048_576, 16_384, "XFD1048576"),
    ("Retail", 2_000, 16_384, "XFD2000"),  # 33 million cells: 1 GB laid out
], ids=["guide", "id sheet", "unit sheet"])
def test_one_far_cell_is_refused_not_a_crash(sent: tuple[Path, Path, str], tmp_path: Path, sheet: str, row: int,
                                             column: int, corner: str) -> None:
    far = answered(sent[1], tmp_path / "far.xlsx", (sheet, row, column))
    assert far.stat().st_size < 20_000
    assert read_in_child(sent, far) == (f"refused: far.xlsx: a sheet reaches cell {corner} ({row:,} rows × "
                                        f"{column:,} columns); {NOT_OURS}")


def test_an_ods_with_a_far_cell_is_refused_not_a_crash(sent: tuple[Path, Path, str], tmp_path: Path) -> None:
    """An OpenDocument sheet repeats empty rows and cells by count: 800 bytes can reach 90 million cells."""
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        f'xmlns:table="{table}" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="How to answer">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        '</table:table-row><table:table-row table:number-rows-repeated="9998"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="8999"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    far = tmp_path / "far.ods"
    with zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>'))
    assert far.stat().st_size < 3_000
    assert read_in_child(sent, far) == (f"refused: far.ods: a sheet reaches cell MHD10000 (10,000 rows × "
                                        f"9,000 columns); {NOT_OURS}")


def test_a_sheet_taller_than_any_questionnaire_is_refused(sent: tuple[Path, Path, str], tmp_path: Path) -> None:
    """50,000 rows × 60 columns: readable, but no questionnaire's sheet is that tall; refused whole."""
    tall = answered(sent[1], tmp_path / "tall.xlsx", ("Retail", 50_000, 60))
    with pytest.raises(QuestionnaireError) as caught:
        read(sent, tall)
    assert str(caught.value) == ("tall.xlsx: the sheet 'Retail' reaches cell BH50000 (50,000 rows × 60 columns); "
                                 f"{NOT_OURS}")


def test_a_sheet_wider_than_any_questionnaire_is_refused(sent: tuple[Path, Path, str], tmp_path: Path) -> None:
    wide = answered(sent[1], tmp_path / "wide.xlsx", (ID_SHEET, 10, 65))
    with pytest.raises(QuestionnaireError, match=rf"the sheet '{ID_SHEET}' reaches cell BM10 \(10 rows × 65 columns\)"):
        read(sent, wide)


def test_an_xls_workbook_is_refused_before_it_is_read(sent: tuple[Path, Path, str], tmp_path: Path) -> None:
    """The sheets of an Excel 97–2003 workbook cannot be measured before they are read; it is refused."""
    old = tmp_path / "ana.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(QuestionnaireError, match=r"ana\.xls: saved in a binary Excel format .*as \.xlsx or \.ods"):
        read(sent, old)
