"""Reading the tables curators keep: .xlsx, .xls and .csv as Russian Excel writes them.

The kind of file is told by its first bytes, not by its name: a list saved as «.xls» that is
really a CSV, or an .xlsx renamed to .csv, is still read. Every refusal is an
``ImportFileError`` whose message names the file and says what to do with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.errors import AppError

Cell = str | int | float | dt.date | dt.datetime | None

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An .xlsx with a password is an OLE container holding this stream instead of a zip.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_BINARY_SIGNATURES = {
    b"%PDF": "документ PDF",
    b"\x89PNG": "рисунок PNG",
    b"\xff\xd8\xff": "фотография JPEG",
    b"GIF8": "рисунок GIF",
    b"Rar!": "архив RAR",
    b"7z\xbc\xaf": "архив 7-Zip",
    b"SQLite format 3": "база данных",
    b"MZ": "программа",
    b"{\\rtf": "документ RTF",
}
SAVE_AS_HINT = "Откройте его в Excel и сохраните как «Книга Excel (.xlsx)»."


class ImportFileError(AppError):
    """The file cannot be read as a table; nothing was changed."""


@dataclass
class SourceTable:
    """One sheet of a file: rows of cells as they stand, row ``i`` is file row ``i + 1``."""

    path: Path
    rows: list[list[Cell]]
    sheet: str = ""
    fmt: str = "xlsx"  # xlsx, xls, csv
    encoding: str = ""
    delimiter: str = ""
    other_sheets: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def describe(self) -> str:
        """«Лист «Педагоги»» or «CSV, кодировка Windows-1251, разделитель «;»» for the preview."""
        if self.fmt == "csv":
            names = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp1251": "Windows-1251"}
            sep = {";": "«;»", ",": "«,»", "\t": "табуляция"}.get(self.delimiter, self.delimiter)
            return f"CSV, кодировка {names.get(self.encoding, self.encoding)}, разделитель {sep}"
        kind = "Excel 97–2003 (.xls)" if self.fmt == "xls" else "Excel (.xlsx)"
        return f"{kind}, лист «{self.sheet}»" if self.sheet else kind


# Chooses the sheet that holds the list: given the rows of each sheet, how well its header
# is recognised (the people import passes its header scorer).
SheetScore = Callable[[list[list[Cell]]], float]


def read_table(path: Path | str, score: SheetScore | None = None) -> list[SourceTable]:
    """Every non-empty sheet of the file, best-scored first."""
    path = Path(path)
    name = f"«{path.name}»"
    if path.is_dir():
        raise ImportFileError(f"{name} — это папка. Выберите файл с таблицей.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"Файл {name} не найден.") from None
    except PermissionError:
        raise ImportFileError(
            f"Нет доступа к файлу {name}. Если он открыт в Excel, закройте его и повторите."
        ) from None
    except OSError as exc:
        raise ImportFileError(f"Не удалось прочитать файл {name}: {exc.strerror}.") from None
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise ImportFileError(f"Файл {name} пуст — в нём нет ни одной строки.")

    if data.startswith(ZIP_MAGIC):
        tables = _read_xlsx(path, data)
    elif data.startswith(OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ImportFileError(
                f"Файл {name} защищён паролем, программа не может его прочитать. Откройте его "
                "в Excel, снимите пароль («Файл → Сведения → Защита книги → Зашифровать "
                "с использованием пароля», пустой пароль) и сохраните."
            )
        tables = _read_xls(path, data)
    else:
        for signature, what in _BINARY_SIGNATURES.items():
            if data.startswith(signature):
                raise ImportFileError(
                    f"Файл {name} — это {what}, а не таблица. Выберите файл Excel (.xlsx, .xls) "
                    "или CSV."
                )
        tables = [_read_csv(path, data)]

    tables = [t for t in tables if any(_filled(row) for row in t.rows)]
    if not tables:
        raise ImportFileError(f"В файле {name} нет заполненных ячеек — таблица пуста.")
    if score is not None:
        tables.sort(key=lambda t: score(t.rows), reverse=True)
    names = [t.sheet for t in tables]
    for table in tables:
        table.other_sheets = [n for n in names if n != table.sheet]
    return tables


def _filled(row: list[Cell]) -> bool:
    return any(c is not None and str(c).strip() for c in row)


# --- .xlsx ---------------------------------------------------------------------------------


def _read_xlsx(path: Path, data: bytes) -> list[SourceTable]:
    name = f"«{path.name}»"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"Файл {name} повреждён (архив .xlsx не читается). {SAVE_AS_HINT}"
        ) from None
    if "xl/workbook.xml" not in members:
        what = "документ Word" if "word/document.xml" in members else "архив, а не таблица"
        raise ImportFileError(f"Файл {name} — это {what}. Выберите таблицу Excel или CSV.")

    from openpyxl import load_workbook

    try:
        # Not read-only: only the full mode knows merged cells, and real lists have them.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            f"Файл {name} не удалось прочитать как таблицу Excel ({type(exc).__name__}). "
            f"{SAVE_AS_HINT}"
        ) from None
    tables = []
    for ws in workbook.worksheets:
        if getattr(ws, "sheet_state", "visible") != "visible":
            continue
        rows: list[list[Cell]] = [list(r) for r in ws.iter_rows(values_only=True)]
        # A merged cell holds its value in the top-left corner only: spread it over the range
        # so that «ФИО» merged over three columns or a vertically merged header reads right.
        for merged in ws.merged_cells.ranges:
            value = ws.cell(merged.min_row, merged.min_col).value
            for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
                row = rows[r - 1]
                for c in range(merged.min_col, merged.max_col + 1):
                    if c - 1 < len(row):
                        row[c - 1] = value
        tables.append(SourceTable(path, _trim(rows), sheet=ws.title, fmt="xlsx"))
    workbook.close()
    return tables


# --- .xls ----------------------------------------------------------------------------------


def _read_xls(path: Path, data: bytes) -> list[SourceTable]:
    name = f"«{path.name}»"
    try:
        import xlrd
    except ImportError:  # pragma: no cover - xlrd is a dependency
        raise ImportFileError(
            f"Файл {name} — в старом формате Excel (.xls). {SAVE_AS_HINT}"
        ) from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=False)
    except Exception:
        raise ImportFileError(
            f"Файл {name} — не таблица Excel (возможно, документ Word .doc или файл повреждён). "
            "Выберите таблицу Excel или CSV."
        ) from None
    tables = []
    for sheet in book.sheets():
        rows: list[list[Cell]] = []
        for r in range(sheet.nrows):
            row: list[Cell] = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                value: Cell = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                    except Exception:
                        value = cell.value
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    value = None
                row.append(value)
            rows.append(row)
        for r1, r2, c1, c2 in sheet.merged_cells:
            value = rows[r1][c1] if r1 < len(rows) and c1 < len(rows[r1]) else None
            for r in range(r1, min(r2, len(rows))):
                for c in range(c1, min(c2, len(rows[r]))):
                    rows[r][c] = value
        tables.append(SourceTable(path, _trim(rows), sheet=sheet.name, fmt="xls"))
    return tables


# --- .csv ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): Excel's «CSV UTF-8» has a BOM, plain «CSV» on a Russian Windows is
    Windows-1251; UTF-8 without a BOM comes from LibreOffice and web forms."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace"), "cp1251"


def _read_csv(path: Path, data: bytes) -> SourceTable:
    name = f"«{path.name}»"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            f"Файл {name} — не текстовая таблица (двоичные данные). Выберите файл Excel "
            "(.xlsx, .xls) или CSV."
        )
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows: list[list[Cell]] = [[c if c.strip() else None for c in row] for row in reader]
    except csv.Error as exc:
        raise ImportFileError(f"Файл {name} не читается как CSV: {exc}.") from None
    return SourceTable(path, _trim(rows), fmt="csv", encoding=encoding, delimiter=delimiter)


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines most evenly: «;» from a Russian Excel, «,»
    from elsewhere, a tab from a copy out of a web page."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ";", -1.0
    for candidate in (";", ",", "\t"):
        counts = [_count_outside_quotes(line, candidate) for line in lines]
        used = [c for c in counts if c]
        if not used:
            continue
        # Most lines split, and into the same number of parts.
        common = max(set(used), key=used.count)
        score = used.count(common) + len(used) / (len(lines) or 1) + common / 100
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            count += 1
    return count


def _trim(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Strip trailing empty cells of each row and trailing empty rows."""
    out: list[list[Cell]] = []
    for row in rows:
        cells = list(row)
        while cells and (
            cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())
        ):
            cells.pop()
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


_MOJIBAKE = re.compile(r"[РС][\u0402-\u040f\u0452-\u045f\u2018-\u203a\u00a0-\u00bf]")


def looks_garbled(text: str) -> bool:
    """Text that was UTF-8 read as Windows-1251 («РРІР°РЅРѕРІ») or the other way round
    («����»): the sign that a file was saved in an encoding the program did not expect."""
    if "\ufffd" in text:
        return True
    letters = sum(ch.isalpha() for ch in text)
    if letters and len(_MOJIBAKE.findall(text)) * 2 >= letters * 0.25:
        return True
    # KOI8-R read as Windows-1251 swaps the case of letters: «щЧБОПЧ» for «Иванов».
    words = re.findall(r"[А-Яа-яЁё]{3,}", text)
    mixed = [w for w in words if re.search(r"[а-яё][А-ЯЁ]", w)]
    return len(words) >= 2 and len(mixed) * 3 >= len(words)
