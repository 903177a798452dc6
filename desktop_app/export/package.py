"""The e-mail package: the chosen documents in a folder or a .zip, and an .eml draft with them
attached that Outlook and Thunderbird open as a new message ready to send.

Files are named «школа — документ — дата» (see ``files.document_file_name``), so a methodist who
receives twenty schools' files sees whose each one is. The draft carries ``X-Unsent: 1``: Outlook
then opens it as an unsent message with a «Отправить» button rather than as a received letter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import shutil
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path

from desktop_app.export.files import (
    ensure_writable_dir,
    free_name,
    make_staging_dir,
    safe_file_part,
    write_atomic,
)
from desktop_app.export.kinds.common import own_organisation
from desktop_app.export.registry import (
    ExportOptions,
    Progress,
    build_documents,
    get_kind,
    no_progress,
)
from desktop_app.models.db import Database

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class PackageRequest:
    keys: list[str]
    out_dir: Path
    options: ExportOptions = field(default_factory=ExportOptions)
    as_zip: bool = True
    recipient: str = ""
    subject: str = ""
    cover_text: str = ""


@dataclass
class PackageResult:
    files: list[Path]  # the documents (inside ``folder``)
    folder: Path | None  # the folder of documents, when not zipped
    archive: Path | None  # the .zip, when zipped
    eml: Path  # the draft letter


def default_subject(school: str, day_text: str) -> str:
    return f"{school}: документы по наставничеству педагогических работников ({day_text})"


def default_cover(school: str, titles: list[str], signer: str) -> str:
    listed = "\n".join(f"– {title};" for title in titles)
    lines = [
        "Добрый день!",
        "",
        f"Направляем документы {school} по наставничеству педагогических работников:",
        listed.rstrip(";") + ".",
        "",
        "С уважением,",
        signer,
    ]
    return "\n".join(lines).strip()


def default_letter(db: Database, keys: list[str], today: dt.date) -> tuple[str, str]:
    """The subject and cover text a package gets when the curator leaves them empty."""
    with db.session() as session:
        org = own_organisation(session)
        school = org.short_name or org.full_name
        signer = _signer(org.curator_name, org.curator_position, school, org.phone)
    titles = [get_kind(k).title for k in keys]
    return default_subject(school, today.strftime("%d.%m.%Y")), default_cover(
        school, titles, signer
    )


def _signer(*lines: str) -> str:
    return "\n".join(x for x in lines if x)


def make_package(
    db: Database, request: PackageRequest, progress: Progress = no_progress
) -> PackageResult:
    out_dir = Path(request.out_dir)
    ensure_writable_dir(out_dir)
    with db.session() as session:
        org = own_organisation(session)
        school = org.short_name or org.full_name
        signer = _signer(org.curator_name, org.curator_position, school, org.phone)
        sender = org.email
    day_text = request.options.today.strftime("%d.%m.%Y")
    base = f"{safe_file_part(school, 40)} — документы по наставничеству — {day_text}"
    titles = [get_kind(k).title for k in request.keys]

    # Documents are made in a hidden staging folder and moved into place only when all of
    # them succeeded: a cancelled or failed package leaves nothing half-made behind.
    staging = make_staging_dir(out_dir)
    try:
        made = build_documents(db, request.keys, staging, request.options, progress)
        if request.as_zip:
            archive = _free(out_dir / f"{base}.zip")
            write_atomic(archive, lambda temp: _zip(made, temp))
            attachments = [archive]
            folder, files = None, made
        else:
            folder = _free(out_dir / base)
            staging.rename(folder)
            files = [folder / p.name for p in made]
            attachments, archive = files, None
        message = _draft(
            recipient=request.recipient,
            sender=sender,
            subject=request.subject or default_subject(school, day_text),
            text=request.cover_text or default_cover(school, titles, signer),
            attachments=attachments,
        )
        eml = write_atomic(_free(out_dir / f"{base}.eml"), lambda t: t.write_bytes(message))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if request.as_zip:
        files = [archive] if archive else []
    return PackageResult(files=files, folder=folder, archive=archive, eml=eml)


def _free(path: Path) -> Path:
    return free_name(path) if path.exists() else path


def _zip(files: list[Path], target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            # Names inside are UTF-8 (flag bit 11): Windows Explorer and 7-Zip show Cyrillic.
            archive.write(path, arcname=path.name)


def _draft(
    *, recipient: str, sender: str, subject: str, text: str, attachments: list[Path]
) -> bytes:
    message = EmailMessage()
    if recipient:
        message["To"] = recipient
    if sender:
        message["From"] = sender
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(text)
    for path in attachments:
        kind = {".docx": DOCX, ".xlsx": XLSX}.get(path.suffix.lower())
        kind = kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        maintype, subtype = kind.split("/", 1)
        message.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    # CRLF line ends: what Outlook expects of an .eml file on Windows.
    return message.as_bytes(policy=SMTP)


with contextlib.suppress(Exception):
    mimetypes.add_type(DOCX, ".docx")
    mimetypes.add_type(XLSX, ".xlsx")
