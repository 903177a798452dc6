"""The e-mail package (.zip or folder + .eml draft), the CLI, and PDF conversion."""

from __future__ import annotations

import email
import io
import shutil
import subprocess
import zipfile
from email import policy
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from desktop_app.cli import main
from desktop_app.errors import ValidationError
from desktop_app.export.package import PackageRequest, make_package
from desktop_app.export.registry import ExportCancelled, ExportOptions, all_kinds
from desktop_app.models.db import Database
from desktop_app.services.mail_settings import MailSettings, MailSettingsService
from tests.conftest import DEMO_TODAY
from tests.db_helpers import db_arg

KEYS = ["banks", "consent", "order-curator"]


def _parse(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def test_zip_package_and_draft_letter(demo_db: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    result = make_package(
        demo_db,
        PackageRequest(
            keys=KEYS,
            out_dir=tmp_path,
            options=ExportOptions(today=DEMO_TODAY, number="45-о"),
            recipient="metodist@kotel-edu.ru",
        ),
    )
    assert result.archive is not None and result.folder is None
    assert result.archive.name == (
        "МКОУ Красновская СОШ — документы по наставничеству — 23.11.2026.zip"
    )
    assert result.eml.suffix == ".eml"
    # Nothing but the archive and the letter is left in the folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [result.archive.name, result.eml.name]
    )
    with zipfile.ZipFile(result.archive) as archive:
        names = archive.namelist()
        assert len(names) == 3
        assert all(n.startswith("МКОУ Красновская СОШ — ") for n in names)
        order = next(n for n in names if "Приказ" in n)
        text = "\n".join(p.text for p in Document(io.BytesIO(archive.read(order))).paragraphs)
        assert "Назначить Лебедеву Ольгу Викторовну" in text
        banks = next(n for n in names if n.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(archive.read(banks)))
        assert book.sheetnames == ["Банк наставников", "Банк наставляемых"]

    message = _parse(result.eml)
    assert message["To"] == "metodist@kotel-edu.ru"
    assert message["X-Unsent"] == "1"
    assert "МКОУ «Красновская СОШ»" in message["Subject"]
    assert "23.11.2026" in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    for title in ("Банк наставников и наставляемых", "Приказ о назначении куратора"):
        assert title in body
    assert "Лебедева Ольга Викторовна" in body  # the curator signs the letter
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [result.archive.name]
    assert attachments[0].get_content() == result.archive.read_bytes()
    assert b"\r\n" in result.eml.read_bytes()  # CRLF, as Outlook expects


def test_folder_package_attaches_every_document(demo_db: Database, tmp_path: Path) -> None:
    result = make_package(
        demo_db,
        PackageRequest(
            keys=KEYS,
            out_dir=tmp_path,
            options=ExportOptions(today=DEMO_TODAY),
            as_zip=False,
            subject="Документы Красновской школы",
            cover_text="Здравствуйте!\nНаправляем документы.",
        ),
    )
    assert result.folder is not None and result.folder.is_dir()
    assert len(result.files) == 3
    message = _parse(result.eml)
    assert message["To"] is None
    assert message["Subject"] == "Документы Красновской школы"
    assert message.get_body(preferencelist=("plain",)).get_content().startswith("Здравствуйте!")
    attached = {a.get_filename(): a for a in message.iter_attachments()}
    assert set(attached) == {p.name for p in result.files}
    for path in result.files:
        part = attached[path.name]
        assert part.get_content() == path.read_bytes()
        expected = "spreadsheetml" if path.suffix == ".xlsx" else "wordprocessingml"
        assert expected in part.get_content_type()
    # A second package the same day does not overwrite the first.
    again = make_package(
        demo_db, PackageRequest(keys=["banks"], out_dir=tmp_path, as_zip=False,
                                options=ExportOptions(today=DEMO_TODAY))
    )  # fmt: skip
    assert again.folder != result.folder and again.eml != result.eml
    assert result.eml.exists()


def test_cancelled_package_leaves_nothing(demo_db: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"

    def cancel_later(done: int, total: int, what: str) -> bool:
        return done < 2

    with pytest.raises(ExportCancelled):
        make_package(
            demo_db,
            PackageRequest(keys=KEYS, out_dir=tmp_path, options=ExportOptions(today=DEMO_TODAY)),
            cancel_later,
        )
    assert list(tmp_path.iterdir()) == []


def test_addressee_and_cover_text_are_remembered(demo_db: Database) -> None:
    service = MailSettingsService(demo_db)
    assert service.load() == MailSettings()
    saved = service.save(MailSettings("a@b.ru; metod@kotel.ru", "  Добрый день!  "))
    assert saved == MailSettings("a@b.ru, metod@kotel.ru", "Добрый день!")
    assert service.load() == saved
    with pytest.raises(ValidationError) as caught:
        service.save(MailSettings("metod@@kotel", "x"))
    assert "«metod@@kotel» записан неверно" in caught.value.errors["recipient"]
    assert service.load() == saved


# --- the command line ---------------------------------------------------------------------------


def test_cli_export_all_prints_the_paths(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    demo_db.close()
    out = tmp_path / "out"
    code = main(
        ["export", "all", "--db", str(path), "--out", str(out), "--date", "23.11.2026",
         "--number", "12-о"]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out.split("\n")
    written = sorted(p for p in out.iterdir())
    assert len(written) >= len(all_kinds())
    assert sorted(Path(line) for line in printed if line.strip()) == written
    order = next(p for p in written if "Приказ о назначении куратора" in p.name)
    assert "23.11.2026\t№ 12-о" in "\n".join(p.text for p in Document(str(order)).paragraphs)


def test_cli_export_errors(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    demo_db.close()
    assert main(["export", "nope", "--db", str(path), "--out", str(tmp_path)]) == 1
    assert "Неизвестный вид документа «nope»" in capsys.readouterr().out
    assert main(["export", "banks", "--db", str(tmp_path / "нет.sqlite"), "--out", "x"]) == 1
    assert "не найден" in capsys.readouterr().out
    code = main(
        ["export", "banks", "--db", str(path), "--out", str(tmp_path), "--from", "01.09.2026"]
    )
    assert code == 1
    assert "Период задаётся двумя датами" in capsys.readouterr().out


def test_cli_package_remembers_the_addressee(demo_db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = db_arg(demo_db)
    demo_db.close()
    args = [
        "package",
        "banks",
        "--db",
        str(path),
        "--out",
        str(tmp_path / "p"),
        "--date",
        "23.11.2026",
    ]
    assert main([*args, "--mail-to", "metod@kotel.ru"]) == 0
    assert main([*args, "--folder"]) == 0
    lines = [x for x in capsys.readouterr().out.split("\n") if x.endswith(".eml")]
    assert len(lines) == 2
    assert _parse(Path(lines[1]))["To"] == "metod@kotel.ru"


# --- PDF through LibreOffice ----------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice не установлен")
def test_every_document_converts_to_pdf(demo_db: Database, tmp_path: Path) -> None:
    from desktop_app.export.registry import build_documents

    keys = [k.key for k in all_kinds()]
    written = build_documents(
        demo_db, keys, tmp_path / "docs", ExportOptions(today=DEMO_TODAY, number="45-о")
    )
    pdf_dir = tmp_path / "pdf"
    # A profile of its own: another LibreOffice running on the machine must not interfere.
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdf_dir), *map(str, written)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for path in written:
        pdf = pdf_dir / f"{path.stem}.pdf"
        assert pdf.is_file(), (path.name, result.stdout, result.stderr)
        head = pdf.read_bytes()
        assert head.startswith(b"%PDF") and len(head) > 2000
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert text.strip(), pdf.name
            if "Приказ о назначении куратора" in path.name:
                assert "Лебедеву Ольгу Викторовну" in " ".join(text.split())
