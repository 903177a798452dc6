"""``nastavnik pairs [list|unpaired|suggest|propose]``: pairs and mentor suggestions in a console.

nastavnik pairs list --db школа.sqlite [--open]
nastavnik pairs unpaired --db школа.sqlite
nastavnik pairs suggest --db школа.sqlite --mentee "Богданов"   (id or part of the name)
nastavnik pairs propose --db школа.sqlite [--apply]
"""

from __future__ import annotations

import argparse
import datetime as dt

from desktop_app.cli import _print, open_from_args, register
from desktop_app.errors import AppError


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return open_from_args(args)


def _find_mentee(mentees: dict, text: str) -> int:  # type: ignore[type-arg]
    if text.isdigit() and int(text) in mentees:
        return int(text)
    needle = text.casefold().replace("ё", "е")
    found = [m for m in mentees.values() if needle in m.full_name.casefold().replace("ё", "е")]
    if not found:
        raise AppError(f"Наставляемый «{text}» не найден (роль наставляемого, не в архиве).")
    if len(found) > 1:
        names = "; ".join(f"{m.id} {m.full_name}" for m in found[:10])
        raise AppError(f"Под «{text}» подходят несколько наставляемых: {names}. Уточните.")
    return int(found[0].id)


@register("pairs", "наставнические пары и группы, подбор наставников")
def _configure_pairs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "unpaired", "suggest", "propose"],
        help="list — пары и группы; unpaired — нуждаются в наставнике; suggest — наставники "
        "для наставляемого; propose — подбор для всей школы",
    )
    parser.add_argument("--open", action="store_true", help="только формируемые и действующие")
    parser.add_argument("--mentee", help="наставляемый для suggest: id или часть ФИО")
    parser.add_argument("--limit", type=int, default=5, help="сколько наставников показать")
    parser.add_argument(
        "--apply", action="store_true", help="propose: создать предложенные пары («формируется»)"
    )

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.matching import MatchingService
        from desktop_app.services.pairs import PairDraft, PairFilter, PairService
        from desktop_app.services.validation import format_date

        db = _open(args)
        try:
            pairs = PairService(db)
            matching = MatchingService(db)
            today = dt.date.today()
            if args.action == "list":
                rows = pairs.list_rows(PairFilter(open_only=args.open))
                for r in rows:
                    _print(
                        f"{r.id}\t{r.status.label}\t{r.mentor} → {r.mentees}\t{r.form.label}\t"
                        f"{r.period}\t{r.order or 'без приказа'}"
                    )
                _print(f"Всего: {len(rows)}")
            elif args.action == "unpaired":
                unpaired = pairs.unpaired_mentees()
                for m in unpaired:
                    _print(f"{m.id}\t{m.full_name}\t{m.position}\t{m.category}")
                _print(f"Нуждаются в наставнике: {len(unpaired)}")
            elif args.action == "suggest":
                if not args.mentee:
                    raise AppError("Укажите наставляемого: --mentee ID или часть ФИО.")
                _, mentees = matching.load(today)
                mentee_id = _find_mentee(mentees, args.mentee)
                _print(f"Наставники для: {mentees[mentee_id].full_name}")
                for s in matching.suggest(mentee_id, today)[: max(args.limit, 1)]:
                    _print(f"{s.score:5.1f}  {s.mentor_name} — {s.explanation}")
            else:
                from desktop_app.services.pairs import add_months

                proposal = matching.propose_all(today)
                for p in proposal.proposals:
                    s = p.suggestion
                    _print(f"{p.mentee_name} ← {s.mentor_name} ({s.score:.1f}): {s.explanation}")
                for _, name, why in proposal.left_out:
                    _print(f"{name}: без наставника — {why}")
                _print(
                    f"Предложено пар: {len(proposal.proposals)}, "
                    f"суммарная оценка {proposal.total_score:.1f}"
                )
                if args.apply:
                    for p in proposal.proposals:
                        pairs.create(
                            PairDraft(
                                mentor_id=p.suggestion.mentor_id,
                                mentee_ids=[p.mentee_id],
                                start_on=format_date(today),
                                planned_end_on=format_date(add_months(today, 9)),
                            ),
                            today=today,
                        )
                    _print(f"Создано пар (формируется): {len(proposal.proposals)}")
        finally:
            db.close()
        return 0

    parser.set_defaults(run=run)
