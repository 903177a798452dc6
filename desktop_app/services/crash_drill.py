"""A scripted stream of edits for the crash-safety drill (tests and ``bench/``).

``python -m desktop_app.services.crash_drill DB SEED START`` edits the database through the
people service — new people and changed phones, one transaction per edit — and prints one line
per edit *after* it is committed: ``create ID SEQ`` or ``update ID SEQ``. The drill kills the
process at random moments (SIGKILL) and then checks that the file is whole and every printed
edit is in it: what the program reported as saved must be saved.

The phone of an edit carries its sequence number, so a person's phone in the database must be
at least the last sequence number printed for that person.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


def phone_for(seq: int) -> str:
    return f"8 900 {seq:07d}"


def seq_of(phone: str) -> int:
    return int(phone.replace(" ", "")[4:])


def run_edits(db_path: Path, seed: int, start: int) -> None:
    from sqlalchemy import select

    from desktop_app.models import Person
    from desktop_app.models.db import open_database
    from desktop_app.services.people import PeopleService, PersonDraft

    db = open_database(db_path)
    people = PeopleService(db)
    rng = random.Random(seed)
    with db.session() as session:
        ids = list(session.scalars(select(Person.id)))
    seq = start
    while True:
        seq += 1
        if not ids or rng.random() < 0.4:
            person_id = people.create(
                PersonDraft(
                    last_name=rng.choice(["Кошкина", "Орлова", "Соколова", "Зайцева"]),
                    first_name="Анна",
                    patronymic="Ивановна",
                    position="учитель",
                    phone=phone_for(seq),
                    consent_given_on="01.09.2025",
                )
            )
            ids.append(person_id)
            print(f"create {person_id} {seq}", flush=True)
        else:
            person_id = rng.choice(ids)
            draft = people.draft(person_id)
            draft.phone = phone_for(seq)
            people.update(person_id, draft)
            print(f"update {person_id} {seq}", flush=True)


@dataclass
class DrillResult:
    kills: int = 0
    edits_reported: int = 0
    edits_lost: int = 0
    integrity_failures: int = 0
    open_failures: int = 0
    problems: list[str] = field(default_factory=list)


def drill(db_path: Path, kills: int, seed: int = 1, max_edits_per_run: int = 25) -> DrillResult:
    """Start the editor, let it save a random number of edits, kill it mid-stream; check."""
    import os

    import desktop_app
    from desktop_app.models.db import open_database

    # The editor must run this very code, not another copy installed in the environment.
    source_root = str(Path(desktop_app.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH")) if p)
    rng = random.Random(seed)
    result = DrillResult()
    last_seq: dict[int, int] = {}
    seq = 0
    for run in range(kills):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop_app.services.crash_drill",
                str(db_path),
                str(run),
                str(seq),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdout is not None
        wanted = rng.randint(1, max_edits_per_run)
        lines = 0
        while lines < wanted:
            line = process.stdout.readline()
            if not line:
                break
            lines += 1
            _kind, person_id, number = line.split()
            last_seq[int(person_id)] = int(number)
            seq = max(seq, int(number))
            result.edits_reported += 1
        # Kill somewhere inside the next edit, not just between two.
        time.sleep(rng.random() * 0.02)
        process.kill()
        rest, errors = process.communicate()
        for line in rest.splitlines():  # printed before the kill landed: also reported
            _kind, person_id, number = line.split()
            last_seq[int(person_id)] = int(number)
            seq = max(seq, int(number))
            result.edits_reported += 1
        if lines == 0 and errors:
            result.problems.append(errors.strip().splitlines()[-1])
        result.kills += 1
        seq += 1000  # an edit committed but not printed must not reuse a number

        conn = sqlite3.connect(db_path)
        try:
            check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            phones = dict(conn.execute("SELECT id, phone FROM person"))
        finally:
            conn.close()
        if check != ["ok"]:
            result.integrity_failures += 1
            result.problems.append(f"kill {run}: integrity {check[:3]}")
        for person_id, number in last_seq.items():
            phone = phones.get(person_id)
            if phone is None or seq_of(phone) < number:
                result.edits_lost += 1
                result.problems.append(f"kill {run}: person {person_id} lost edit {number}")
        try:
            open_database(db_path).close()
        except Exception as exc:  # the program must open what it left behind
            result.open_failures += 1
            result.problems.append(f"kill {run}: {exc}")
    return result


if __name__ == "__main__":
    run_edits(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
