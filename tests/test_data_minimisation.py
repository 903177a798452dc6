"""Exports carry only the fields each document needs: every document kind is made from the
demo school and read back; no person's phone, e-mail or birth date may appear in it unless the
kind is listed below with the reason it needs that field."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from docx import Document
from sqlalchemy import select

from desktop_app.export.registry import ExportOptions, all_kinds
from desktop_app.models import Person
from desktop_app.models.db import Database
from tests.conftest import DEMO_TODAY

# kind → personal fields it legitimately carries (and why).
NEEDS: dict[str, set[str]] = {
    # The consent form identifies the person who signs it (152-ФЗ, ст. 9 ч. 4).
    "consent": {"birth_date"},
}


def _text(path: Path) -> str:
    if path.suffix == ".docx":
        document = Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return ""


def test_documents_carry_no_personal_field_they_do_not_need(
    demo_db: Database, tmp_path: Path
) -> None:
    with demo_db.session() as session:
        people = list(session.scalars(select(Person)))
    secrets = {
        "phone": {p.phone for p in people if p.phone},
        "email": {p.email for p in people if p.email},
        "birth_date": {p.birth_date.strftime("%d.%m.%Y") for p in people if p.birth_date},
    }
    assert secrets["phone"] and secrets["email"] and secrets["birth_date"], "demo has contacts"
    checked = 0
    for kind in all_kinds():
        out = tmp_path / kind.key
        paths = kind.build(demo_db, out, ExportOptions(today=DEMO_TODAY), lambda *_: True)
        for path in paths:
            text = _text(path)
            checked += 1
            for field, values in secrets.items():
                if field in NEEDS.get(kind.key, set()):
                    continue
                leaked = sorted(v for v in values if v in text)
                assert not leaked, f"{kind.key}: {path.name} carries {field}: {leaked[:3]}"
    assert checked >= 3
