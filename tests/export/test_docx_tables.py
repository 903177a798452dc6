"""The document engine's own parts: tables built by copying one row, templates compiled once."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from desktop_app.export.docx_engine import Column, _environment, add_table


def test_table_rows_keep_each_value_its_alignment_and_line_breaks(tmp_path: Path) -> None:
    doc = Document()
    columns = [Column("№", 0.3, "center"), Column("Мероприятие", 3), Column("Часы", 0.5, "right")]
    rows = [
        [1, "Посещение урока\nнаставляемого", 2],
        [2, None, 0],
        [3, "Анализ урока\tс наставником", 1.5],
    ]
    add_table(doc, columns, rows)
    target = tmp_path / "table.docx"
    doc.save(str(target))

    table = Document(str(target)).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["№", "Мероприятие", "Часы"]
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == [
        ["1", "Посещение урока\nнаставляемого", "2"],
        ["2", "", "0"],
        ["3", "Анализ урока\tс наставником", "1.5"],
    ]
    first = table.rows[1].cells[1]._tc
    assert first.find(f".//{qn('w:br')}") is not None  # a real line break, not a «\n» glyph
    aligns = [c.paragraphs[0].alignment for c in table.rows[2].cells]
    assert [str(a) for a in aligns] == ["CENTER (1)", "LEFT (0)", "RIGHT (2)"]
    # Every copied row is its own: changing one cell leaves the others.
    table.rows[1].cells[0].paragraphs[0].runs[0].text = "X"
    assert table.rows[2].cells[0].text == "2"
    assert table.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 12


def test_compiled_template_is_reused_but_never_its_values() -> None:
    env = _environment()
    source = "<w:t>{{ name }} — {{ day|date }}</w:t>"
    first = env.from_string(source)
    assert env.from_string(source) is first
    import datetime as dt

    assert (
        first.render(name="Иванова", day=dt.date(2026, 9, 1)) == "<w:t>Иванова — 01.09.2026</w:t>"
    )
    assert env.from_string(source).render(name="Петров", day=None) == "<w:t>Петров — </w:t>"
    # An edited template is other text: compiled afresh.
    assert env.from_string(source + " ") is not first
