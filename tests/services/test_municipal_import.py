"""Taking in the files three demo schools sent: kept apart, replaced by newer ones, refused with
the reason when an edit in Excel lost what the summary needs (the database then unchanged)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop_app.models import (
    MunicipalIndicator,
    MunicipalPerson,
    MunicipalRow,
    MunicipalSubmission,
    Organisation,
)
from desktop_app.models.db import Database, open_database
from desktop_app.services.municipal_demo import DEMO_SCHOOLS, make_school
from desktop_app.services.municipal_import import import_files, read_school_file

KINDS = ["banks", "accounting", "monitoring", "analytical-report"]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="session")
def school_files(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("schools")
    return {
        short: make_school(
            demo_template, folder / str(n), short, full, a, b, c, TODAY, KINDS, n * 17
        )
        for n, (short, full, a, b, c) in enumerate(DEMO_SCHOOLS)
    }


@pytest.fixture
def methodist(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "methodist.sqlite")
    yield db
    db.close()


def _data_rows(path: Path, sheet: str, marker: str = "ФИО") -> list[dict]:
    ws = load_workbook(path)[sheet]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if marker in r)
    header = rows[header_at]
    return [
        dict(zip(header, r, strict=False))
        for r in rows[header_at + 1 :]
        if isinstance(r[0], int) or (marker == "Показатель" and r[1])
    ]


def _snapshot(db: Database) -> tuple:
    with db.session() as session:
        return (
            *tuple(
                session.scalar(select(func.count()).select_from(model))
                for model in (
                    Organisation,
                    MunicipalSubmission,
                    MunicipalPerson,
                    MunicipalRow,
                    MunicipalIndicator,
                )
            ),
            tuple(session.scalars(select(MunicipalSubmission.file_hash).order_by("id"))),
        )


def test_three_schools_are_kept_apart(school_files: dict, methodist: Database) -> None:
    paths = [p for files in school_files.values() for p in files]
    report = import_files(methodist, paths)
    assert sorted(o.status for o in report.outcomes) == ["new"] * 9 + ["skipped"] * 3
    with methodist.session() as session:
        for short, files in school_files.items():
            banks, accounting, monitoring, _report = files
            org = session.scalars(select(Organisation).where(Organisation.short_name == short))
            org = org.one()
            subs = {
                s.kind: s
                for s in session.scalars(
                    select(MunicipalSubmission).where(MunicipalSubmission.organisation_id == org.id)
                )
            }
            assert set(subs) == {"banks", "accounting", "monitoring"}
            assert {(s.period_start, s.period_end) for s in subs.values()} == {
                (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
            }
            mentors = [p.full_name for p in subs["banks"].people if p.role == "mentor"]
            assert mentors == [r["ФИО"] for r in _data_rows(banks, "Банк наставников")]
            assert len([p for p in subs["banks"].people if p.role == "mentee"]) == len(
                _data_rows(banks, "Банк наставляемых")
            )
            assert [r.data["ФИО"] for r in subs["accounting"].rows] == [
                r["ФИО"] for r in _data_rows(accounting, "Учёт участников")
            ]
            own = {
                r["Показатель"]: r["Отчётный период"]
                for r in _data_rows(monitoring, "Показатели", "Показатель")
            }
            stored = {i.title: i.value for i in subs["monitoring"].indicators}
            assert stored["Наставников"] == own["Наставников"]
            assert len(stored) == len(own)
            assert all(i.key for i in subs["monitoring"].indicators)
    # The schools really differ, so a sum is not three times one school.
    sizes = {len(_data_rows(f[0], "Банк наставляемых")) for f in school_files.values()}
    assert len(sizes) == 3


def test_the_same_file_again_changes_nothing(school_files: dict, methodist: Database) -> None:
    paths = [p for files in school_files.values() for p in files]
    import_files(methodist, paths)
    before = _snapshot(methodist)
    report = import_files(methodist, paths)
    assert {o.status for o in report.outcomes} == {"same", "skipped"}
    assert "ничего не изменилось" in report.outcomes[-1].message
    assert _snapshot(methodist) == before


def test_a_newer_file_replaces_the_school_data_and_says_what_changed(
    demo_template: Path, tmp_path: Path, methodist: Database
) -> None:
    short, full, *_ = DEMO_SCHOOLS[1]
    old = make_school(demo_template, tmp_path / "old", short, full, 0, 0, 0, TODAY)
    new = make_school(
        demo_template, tmp_path / "new", short, full, 3, 0, 2, TODAY + dt.timedelta(days=7)
    )
    import_files(methodist, old)
    before = _snapshot(methodist)
    report = import_files(methodist, new)
    assert [o.status for o in report.outcomes] == ["replaced"] * 3, report.lines()
    by_kind = {o.kind: o.message for o in report.outcomes}
    assert "наставляемые: было 12, стало 9, −3" in by_kind["banks"]
    assert "строки учёта: было" in by_kind["accounting"]
    assert "изменились показатели: " in by_kind["monitoring"]
    assert "Наставнических групп: 1 → 0" in by_kind["monitoring"]
    after = _snapshot(methodist)
    assert after[:2] == before[:2]  # the same school, still one submission of each kind
    with methodist.session() as session:
        mentees = session.scalars(
            select(MunicipalPerson).where(MunicipalPerson.role == "mentee")
        ).all()
        assert len(mentees) == 9
        files = set(session.scalars(select(MunicipalSubmission.file_name)))
        assert files == {p.name for p in new}
    # The older package sent again later is refused: it would undo the newer data.
    report = import_files(methodist, old)
    assert {o.status for o in report.outcomes} == {"older"}
    assert "в базе более новый файл" in report.outcomes[0].message
    assert _snapshot(methodist) == after


def test_a_package_zip_and_eml_are_unpacked(
    demo_template: Path, tmp_path: Path, methodist: Database
) -> None:
    from desktop_app.export.package import PackageRequest, make_package
    from desktop_app.export.registry import ExportOptions
    from desktop_app.models.db import copy_sqlite

    school = open_database(copy_sqlite(demo_template, tmp_path / "school.sqlite"))
    try:
        zipped = make_package(
            school,
            PackageRequest(
                ["banks", "accounting", "monitoring", "analytical-report"],
                tmp_path / "zip",
                ExportOptions(today=TODAY),
            ),
        )
    finally:
        school.close()
    report = import_files(methodist, [zipped.eml])
    statuses = sorted(o.status for o in report.outcomes)
    assert statuses == ["new", "new", "new", "skipped"], report.lines()
    assert all(o.school == "МКОУ «Красновская СОШ»" for o in report.taken)
    assert "для свода не нужен" in next(o for o in report.outcomes if o.status == "skipped").line
    report = import_files(methodist, [zipped.archive])
    assert sorted(o.status for o in report.outcomes) == ["same", "same", "same", "skipped"]


def _edited(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    wb = load_workbook(source)
    edit(wb)
    wb.save(target)
    return target


def test_files_edited_in_excel(school_files: dict, tmp_path: Path, methodist: Database) -> None:
    banks, accounting, monitoring, _report = school_files["МКОУ «Красновская СОШ»"]

    def delete_a_mentor(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Банк наставников"].delete_rows(6)

    def move_columns(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Учёт участников"]
        ws.move_range("B4:B40", cols=20)  # «ФИО» to the far right
        ws.delete_rows(3)  # and the blank row above the header gone

    def figures_as_text(wb) -> None:  # type: ignore[no-untyped-def]
        ws = wb["Показатели"]
        for row in ws.iter_rows(min_row=5):
            if isinstance(row[3].value, (int, float)):
                row[3].value = f" {row[3].value} ".replace(".", ",")

    read = read_school_file(_edited(banks, tmp_path / "b.xlsx", delete_a_mentor))
    mentors = [p for p in read.people if p["role"] == "mentor"]
    assert len(mentors) == len(_data_rows(banks, "Банк наставников")) - 1
    read = read_school_file(_edited(accounting, tmp_path / "a.xlsx", move_columns))
    assert [d["ФИО"] for _s, d in read.rows] == [
        r["ФИО"] for r in _data_rows(accounting, "Учёт участников")
    ]
    read = read_school_file(_edited(monitoring, tmp_path / "m.xlsx", figures_as_text))
    own = {
        r["Показатель"]: r["Отчётный период"]
        for r in _data_rows(monitoring, "Показатели", "Показатель")
    }
    assert {i["title"]: i["value"] for i in read.indicators}["Наставников"] == own["Наставников"]

    import_files(methodist, [banks])
    before = _snapshot(methodist)

    def rename_header(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Учёт участников"]["B4"] = "Фамилия, имя"

    def change_title(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Показатели"]["A2"] = "Мониторинг наставничества"

    def drop_school_row(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Учёт участников"].delete_rows(1)

    def rename_sheet(wb) -> None:  # type: ignore[no-untyped-def]
        wb["Показатели"].title = "Лист1"

    cases = [
        (accounting, rename_header, "нет столбцов «ФИО»"),
        (monitoring, change_title, "не указан период"),
        (accounting, drop_school_row, "нет строки с названием школы"),
        (monitoring, rename_sheet, "листы переименовали"),
    ]
    for number, (source, edit, words) in enumerate(cases):
        path = _edited(source, tmp_path / f"edited{number}.xlsx", edit)
        report = import_files(methodist, [path])
        [outcome] = report.outcomes
        assert outcome.status == "refused" and words in outcome.message, outcome.message
        assert _snapshot(methodist) == before
    copy = tmp_path / "not a table.xlsx"
    shutil.copy(Path(__file__), copy)
    [outcome] = import_files(methodist, [copy]).outcomes
    assert outcome.status == "refused"
    assert _snapshot(methodist) == before


# ------------------------------------------------------------------- the municipal summary


def _docx_rows(path: Path) -> list[list[str]]:
    from docx import Document

    return [[c.text for c in row.cells] for t in Document(str(path)).tables for row in t.rows]


def _figure(text: str) -> float:
    return float(text.replace(" %", "").replace(",", "."))


def test_the_summary_of_three_schools_equals_the_sum_of_their_own_reports(
    school_files: dict, methodist: Database, tmp_path: Path
) -> None:
    from desktop_app.export.municipal import write_municipal_report, write_municipal_summary
    from desktop_app.services import municipal_summary as ms
    from desktop_app.services.organisation import OrganisationDraft, OrganisationService

    OrganisationService(methodist).save_own(
        OrganisationDraft(
            full_name="Отдел образования администрации Котельниковского муниципального района",
            short_name="Отдел образования",
            head_name="Смирнова Елена Петровна",
            municipality="Котельниковского муниципального района",
            curator_name="Орлова Наталья Сергеевна",
        )
    )
    import_files(methodist, [p for files in school_files.values() for p in files])
    [period] = ms.periods(methodist)
    target = write_municipal_summary(methodist, period, tmp_path / "свод.xlsx", TODAY, "Район")
    wb = load_workbook(target)
    assert wb.sheetnames == [
        "Свод по организациям",
        "Наставники",
        "Наставляемые",
        "Показатели",
        "Учёт участников",
    ]

    # Indicators: each school's column is its own monitoring table, the total is their sum.
    sheet = _data_rows(target, "Показатели", "Показатель")
    own = {
        short: {
            r["Показатель"]: r["Отчётный период"]
            for r in _data_rows(files[2], "Показатели", "Показатель")
        }
        for short, files in school_files.items()
    }
    counted = 0
    for row in sheet:
        if row["Ед. изм."] not in ("чел.", "ед."):
            continue
        values = [own[short][row["Показатель"]] for short in school_files]
        if any(isinstance(v, str) for v in values):
            continue
        for short in school_files:
            assert row[short] == own[short][row["Показатель"]], row["Показатель"]
        assert row[ms.TOTAL] == sum(values), row["Показатель"]
        counted += 1
    assert counted > 30
    by_title = {r["Показатель"]: r for r in sheet}
    staff = {s: own[s]["Педагогических работников"] for s in school_files}
    share = sum(
        own[s]["Доля педагогов, вовлечённых в наставничество"] * staff[s] for s in school_files
    ) / sum(staff.values())
    total_share = by_title["Доля педагогов, вовлечённых в наставничество"][ms.TOTAL]
    assert abs(total_share - share) < 0.1

    # Banks and accounting: every school's rows, in its order, and the totals their sum.
    mentors_sum = sum(len(_data_rows(f[0], "Банк наставников")) for f in school_files.values())
    totals = _data_rows(target, "Свод по организациям", "Наставников")
    [total] = [
        r
        for r in load_workbook(target)["Свод по организациям"].iter_rows(values_only=True)
        if r[1] == "Итого по муниципалитету"
    ]
    assert mentors_sum in total and len(totals) == 3
    accounting = _data_rows(target, "Учёт участников")
    for short, files in school_files.items():
        mine = [r["ФИО"] for r in accounting if r["Организация"] == short]
        assert mine == [r["ФИО"] for r in _data_rows(files[1], "Учёт участников")]
    assert len(accounting) == sum(
        len(_data_rows(f[1], "Учёт участников")) for f in school_files.values()
    )

    # The analytical report over all schools: its totals are the sums of the schools' reports.
    report = write_municipal_report(methodist, period, tmp_path / "справка.docx", TODAY)
    rows = _docx_rows(report)
    theirs = [_docx_rows(files[3]) for files in school_files.values()]
    for title in ("Наставников", "Наставляемых", "Наставнических пар", "Завершено программ"):
        [mine] = [r for r in rows if r[0] == title]
        own_values = [next(r for r in t if r[0] == title) for t in theirs]
        assert _figure(mine[1]) == sum(_figure(r[1]) for r in own_values), title
        assert _figure(mine[2]) == sum(_figure(r[2]) for r in own_values), title
    by_school = {r[0]: r for r in rows if r[0] in school_files or r[0] == ms.TOTAL}
    assert set(by_school) == {*school_files, ms.TOTAL}
    for column in range(1, 5):
        assert _figure(by_school[ms.TOTAL][column]) == sum(
            _figure(by_school[s][column]) for s in school_files
        )
    from docx import Document

    text = "\n".join(p.text for p in Document(str(report)).paragraphs)
    assert "Данные представили организации (3)" in text
    assert "Н.С. Орлова" in text


def test_mentors_of_other_schools_are_suggested(school_files: dict, methodist: Database) -> None:
    from desktop_app.services import municipal_summary as ms

    import_files(methodist, [p for files in school_files.values() for p in files])
    [period] = ms.periods(methodist)
    statuses = {s.name: s for s in ms.schools(methodist, period)}
    assert all(not s.missing for s in statuses.values())
    school = statuses["МКОУ «Заречная ООШ»"].organisation_id
    suggestions = ms.suggest_mentors(methodist, period, school)
    assert suggestions, "the school has mentees without a mentor"
    accounting = _data_rows(school_files["МКОУ «Заречная ООШ»"][1], "Учёт участников")
    guided = {
        r["ФИО"]
        for r in accounting
        if r["Роль"] == "наставляемый" and r["Состояние"] == "действует"
    }
    for suggestion in suggestions:
        assert suggestion.mentee.person.full_name not in guided
        assert suggestion.candidates
        for candidate in suggestion.candidates:
            assert candidate.mentor.school_id != school
            assert (candidate.mentor.free or 0) > 0
        scores = [c.score for c in suggestion.candidates]
        assert scores == sorted(scores, reverse=True)
    best = suggestions[0].candidates[0]
    if best.score:
        assert "помогает с затруднениями" in best.reasons[0] or "тот же предмет" in best.reasons[0]


def test_cancel_leaves_the_database_unchanged(school_files: dict, methodist: Database) -> None:
    from desktop_app.services.municipal_import import ImportCancelled

    paths = [p for files in school_files.values() for p in files]
    before = _snapshot(methodist)
    seen: list[str] = []

    def progress(done: int, total: int, what: str) -> bool:
        seen.append(what)
        return done < 5  # «Отмена» while the sixth file is read

    with pytest.raises(ImportCancelled) as info:
        import_files(methodist, paths, progress=progress)
    assert "ничего не изменилось" in info.value.message
    assert _snapshot(methodist) == before
    assert len(seen) == 6 and seen[0].startswith("Читаю ")

    def stop_before_writing(done: int, total: int, what: str) -> bool:
        return what != "Записываю в базу"

    with pytest.raises(ImportCancelled):
        import_files(methodist, paths, progress=stop_before_writing)
    assert _snapshot(methodist) == before
