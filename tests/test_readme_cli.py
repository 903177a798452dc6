"""Every command line the README shows is one the program accepts.

A curator copies these lines; one that the parser refuses («unrecognized arguments») is a
broken promise. The placeholders are replaced by sample values; «[a|b]» takes its first form.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from desktop_app.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
SAMPLES = {
    "ФАЙЛ": "школа.sqlite",
    "ПАПКА": "out",
    "ДД.ММ.ГГГГ": "01.09.2026",
    "КОПИЯ": "копия.sqlite",
    "ТАБЛИЦА": "педагоги.xlsx",
    "ФАЙЛЫ…": "банк.xlsx",
    "СВОД.xlsx": "свод.xlsx",
    "ЖУРНАЛ.xlsx": "журнал.xlsx",
    "СЛОВА": "Иванова",
    "АДРЕС": "rono@example.ru",
    "ФИО": "Богданов",
    "N": "1",
    "ID": "1",
    "ВИД|all": "banks",
}


def _readme_commands() -> list[str]:
    """The command lines of every code block of the README."""
    blocks = README.read_text(encoding="utf-8").split("```")[1::2]
    # The command ends where two spaces begin its description.
    return [
        re.split(r"\s{2,}", line.strip())[0]
        for block in blocks
        for line in block.splitlines()
        if line.startswith("nastavnik ")
    ]


def _words(command: str) -> list[str]:
    command = re.sub(r"\[([^\]]*)\]", lambda m: m.group(1).split("|")[0], command)
    words = []
    for word in shlex.split(command)[1:]:
        if word in SAMPLES:
            word = SAMPLES[word]
        elif "|" in word:
            word = word.split("|")[0]
        words.append(word)
    return words


def test_readme_lists_the_commands() -> None:
    commands = _readme_commands()
    assert len(commands) > 25
    assert any("--db-url" in c for c in commands)


@pytest.mark.parametrize("command", _readme_commands())
def test_readme_command_is_accepted(command: str) -> None:
    words = _words(command)
    try:
        build_parser(words).parse_args(words)
    except SystemExit as exc:  # --version and --help leave with 0; a refusal with 2
        assert exc.code == 0, f"README: «{command}» is refused as {words}"
