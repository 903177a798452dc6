"""Official documents (.docx) from editable templates, laid out after ГОСТ Р 7.0.97-2025.

A template is an ordinary Word file in ``resources/templates/`` with Jinja tags in its text
(``{{ org.full_name }}``, ``{%p for person in people %}``: the docxtpl syntax). The page layout —
Times New Roman 14, margins 20 mm (left 30 mm), indent 1.25 cm, page numbers centred at the
top from page 2 — lives in the template itself, so a document the curator re-words in Word keeps
it. A copy in ``<data dir>/templates/`` overrides the shipped file: the curator opens it from
«Документы → Шаблоны», edits the wording, and the program uses it from then on.

A broken template (a mistyped tag, a field name that does not exist, a damaged file) gives a
``TemplateError`` naming the file and quoting the text around the mistake, never a traceback.

Usage from a document kind::

    context = official_context(db, options.today, number=options.number)
    context["curator"] = declined_person(...)
    render_docx("order-curator.docx", context, out_dir / file_name)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from desktop_app.errors import AppError
from desktop_app.export.files import write_atomic
from desktop_app.paths import data_dir, resources_dir

# The page after ГОСТ Р 7.0.97-2025: A4, fields 20 mm, left 30 mm for documents kept long.
PAGE_WIDTH_MM = 210
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 20
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
FONT_NAME = "Times New Roman"
FONT_SIZE_PT = 14
TABLE_FONT_SIZE_PT = 12
FIRST_LINE_INDENT_MM = 12.5

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


class TemplateError(AppError):
    """A template cannot be used; the message names the file and the place."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


# --- where templates live -----------------------------------------------------------------


def shipped_templates_dir() -> Path:
    return resources_dir() / "templates"


def user_templates_dir() -> Path:
    path = data_dir() / "templates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shipped_template_names() -> list[str]:
    return sorted(p.name for p in shipped_templates_dir().glob("*.docx"))


def template_path(name: str) -> Path:
    """The curator's copy when there is one, else the shipped original."""
    user = data_dir() / "templates" / name
    if user.is_file():
        return user
    shipped = shipped_templates_dir() / name
    if not shipped.is_file():
        raise TemplateError(
            f"Шаблон «{name}» не найден в папке «{shipped.parent}». Переустановите программу.",
            shipped,
        )
    return shipped


def is_overridden(name: str) -> bool:
    return (data_dir() / "templates" / name).is_file()


def copy_for_editing(name: str) -> Path:
    """Put a copy of the shipped template in the user folder (once) and return its path."""
    target = user_templates_dir() / name
    if not target.exists():
        source = shipped_templates_dir() / name
        write_atomic(target, lambda temp: shutil.copyfile(source, temp))
    return target


def restore_original(name: str) -> bool:
    """Drop the curator's copy; the shipped template is used again. True if there was one."""
    target = data_dir() / "templates" / name
    if not target.exists():
        return False
    try:
        target.unlink()
    except PermissionError as exc:
        raise TemplateError(
            f"Шаблон «{target}» открыт в Word. Закройте его и повторите.", target
        ) from exc
    return True


# --- rendering ------------------------------------------------------------------------------


class _CompilingOnce(jinja2.Environment):
    """docxtpl compiles every part of a template anew on every render (``from_string``); a
    package of 13 programmes compiled the same XML 13 times — a third of the export time.
    The compiled template depends on nothing but the source text, so it is kept by that text
    (an edited template has other text and compiles afresh)."""

    _KEEP = 64

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # type: ignore[no-untyped-def, override]
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
        if found is None:
            found = super().from_string(source)
            with self._lock:
                if len(self._compiled) >= self._KEEP:
                    self._compiled.pop(next(iter(self._compiled)))
                self._compiled[source] = found
        return found


@functools.cache
def _environment() -> jinja2.Environment:
    # StrictUndefined: a mistyped field name is an error the curator sees, not a silent blank.
    env = _CompilingOnce(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters["date"] = format_date
    env.filters["date_words"] = date_in_words
    return env


def render_docx(
    template_name: str,
    context: dict[str, Any],
    target: Path,
    extras: Callable[[Any], dict[str, Any]] | None = None,
) -> Path:
    """Fill ``template_name`` with ``context`` and write ``target`` safely.

    ``extras(template)`` adds what can only be made with the template in hand: tables as
    subdocuments (``{{p table }}``) and pictures (``InlineImage``).
    """
    path = template_path(template_name)
    try:
        template = DocxTemplate(str(path))
        if extras is not None:
            context = {**context, **extras(template)}
        template.render(context, _environment(), autoescape=True)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        if isinstance(exc, ValueError) and not _looks_like_package_error(exc):
            raise
        raise TemplateError(
            f"Шаблон «{path}» повреждён или не является документом Word (.docx). "
            "Восстановите исходный шаблон в разделе «Документы → Шаблоны».",
            path,
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe_template_error(path, exc), path) from exc
    write_atomic(target, lambda temp: template.save(str(temp)))
    return target


def _looks_like_package_error(exc: ValueError) -> bool:
    return "package" in str(exc).lower() or "content type" in str(exc).lower()


def _describe_template_error(path: Path, exc: jinja2.TemplateError) -> str:
    what, field = _explain(exc)
    if "не закрыт блок" in what:
        # docxtpl reports the end of the document; the curator needs the opening tag.
        place = _unclosed_block(path) or _place(exc)
    else:
        place = _place(exc) or (_paragraph_with(path, field) if field else "")
    where = f" Место в тексте: «{place}»." if place else ""
    return (
        f"Ошибка в шаблоне «{path}»: {what}.{where} Исправьте шаблон в Word или восстановите "
        "исходный в разделе «Документы → Шаблоны»."
    )


def _explain(exc: jinja2.TemplateError) -> tuple[str, str]:
    """(what is wrong in plain words, the field name when the mistake is a field)."""
    text = str(exc.message or exc)
    if isinstance(exc, jinja2.UndefinedError):
        found = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", text)
        field = next((g for g in found.groups() if g), text) if found else text
        return f"поле «{field}» неизвестно программе (проверьте написание)", field
    if isinstance(exc, jinja2.TemplateSyntaxError):
        if "end of template" in text.lower():
            return "не закрыт блок {% … %} (нет парного {% endfor %} или {% endif %})", ""
        return f"неправильно записано поле или блок в фигурных скобках ({text})", ""
    return text, ""


def _place(exc: jinja2.TemplateError) -> str:
    """The paragraph with the mistake, as the curator sees it in Word (syntax errors)."""
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or []]
    if not lines:
        return ""
    # docxtpl gives the paragraphs around the faulty one, which is the fourth.
    middle = lines[3] if len(lines) > 3 and lines[3] else " ".join(x for x in lines if x)
    return _shorten(middle)


def _paragraph_texts(path: Path) -> list[str]:
    """The template's paragraphs as plain text, in order (tags included as typed)."""
    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/document.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return [
        re.sub(r"<[^>]+>", "", paragraph)
        for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    ]


def _paragraph_with(path: Path, field: str) -> str:
    """The first paragraph of the template whose text mentions ``field``."""
    for text in _paragraph_texts(path):
        if field in text:
            return _shorten(text, focus=text.index(field))
    return ""


_BLOCK_TAG = re.compile(r"\{%-?\s*[a-z]?\s*(for|if|endfor|endif)\b")


def _unclosed_block(path: Path) -> str:
    """The paragraph whose ``{% for %}`` or ``{% if %}`` has no matching end tag."""
    open_blocks: list[tuple[str, int]] = []
    for text in _paragraph_texts(path):
        for found in _BLOCK_TAG.finditer(text):
            if found.group(1) in ("for", "if"):
                open_blocks.append((text, found.start()))
            elif open_blocks:
                open_blocks.pop()
    if not open_blocks:
        return ""
    text, start = open_blocks[-1]
    return _shorten(text, focus=start)


def _shorten(text: str, limit: int = 120, focus: int = 0) -> str:
    """At most ``limit`` characters of a paragraph, keeping the part at ``focus`` in view."""
    if len(text) <= limit:
        return " ".join(text.split())
    start = max(0, min(focus - limit // 3, len(text) - limit))
    part = " ".join(text[start : start + limit].split())
    return ("…" if start else "") + part + ("…" if start + limit < len(text) else "")


# --- values for templates -------------------------------------------------------------------


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def date_in_words(value: dt.date | None) -> str:
    """«23» ноября 2026 г. — the form of a date in the text of a document."""
    if value is None:
        return "«___» ____________ 20___ г."
    return f"«{value.day:02d}» {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def initials_first(full_name: str) -> str:
    """«Т.Н. Григорьева»: the form of a name in a signature line (ГОСТ Р 7.0.97)."""
    parts = full_name.split()
    if not parts:
        return ""
    if len(parts) >= 3 and parts[-1].casefold() in ("оглы", "кызы", "улы", "гызы"):
        parts = parts[:-1]
    initials = "".join(f"{p[0]}." for p in parts[1:3])
    return f"{initials} {parts[0]}".strip()


def place_from_address(address: str) -> str:
    """«с. Красное» from a postal address: the place of an order (ГОСТ: место составления)."""
    for part in (p.strip() for p in address.split(",")):
        if re.match(r"^(с|п|пос|г|д|ст|х|рп|пгт|аул|станица|село|город|посёлок)\.?\s", part):
            return part
    return ""


@dataclass
class Column:
    """A column of a table in a document: header, share of the text width, alignment."""

    header: str
    width: float = 1.0
    align: str = "left"


def add_table(doc: Any, columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> Any:
    """A bordered table that fits the text width, 12 pt, header repeated on every page.

    ``doc`` is a python-docx Document or a docxtpl Subdoc (``template.new_subdoc()``), so that a
    kind can put a table in its template with ``{{p table }}``.
    """
    table = doc.add_table(rows=1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(c.width for c in columns)
    widths = [Mm(TEXT_WIDTH_MM * c.width / total) for c in columns]
    _set_borders(table)
    header = table.rows[0]
    _repeat_header(header)
    for cell, column, width in zip(header.cells, columns, widths, strict=True):
        cell.width = width
        _cell_text(cell, column.header, bold=True, align="center")
    if rows:
        # One row made through python-docx, then copied for every row: building each cell
        # through its API (a dozen property lookups per cell) took two thirds of the time of
        # a programme document with a long plan.
        sample = table.add_row()
        for cell, column, width in zip(sample.cells, columns, widths, strict=True):
            cell.width = width
            _cell_text(cell, "", align=column.align)
        prototype = sample._tr
        tbl = table._tbl
        tbl.remove(prototype)
        run_path = f"{qn('w:p')}/{qn('w:r')}"
        for values in rows:
            row = deepcopy(prototype)
            for tc, value in zip(row.iterchildren(qn("w:tc")), values, strict=True):
                # CT_R's text setter: line breaks and tabs become <w:br/> and <w:tab/>.
                tc.find(run_path).text = "" if value is None else str(value)
            tbl.append(row)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    return table


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: str = "left") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(0)
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.name = FONT_NAME
    run.font.size = Pt(TABLE_FONT_SIZE_PT)


def _set_borders(table: Any) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)
