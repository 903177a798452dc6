from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base
from desktop_app.models.enums import LabelledEnum
from desktop_app.models.types import EnumCode


class GrammaticalCase(LabelledEnum):
    """The cases a document sentence needs, with the question a curator knows from school."""

    NOMINATIVE = ("nom", "именительный (кто?)")
    GENITIVE = ("gen", "родительный (кого?)")
    DATIVE = ("dat", "дательный (кому?)")
    ACCUSATIVE = ("acc", "винительный (кого?)")
    INSTRUMENTAL = ("ins", "творительный (кем?)")
    PREPOSITIONAL = ("pre", "предложный (о ком?)")


class DeclensionCorrection(Base):
    """A declined form the curator corrected by hand; used instead of the automatic one.

    ``source`` is the nominative text the correction was made for (a person's full name or a
    position): when a person's name changes, an old correction no longer matches and is ignored.
    Corrections of positions («учитель-логопед») have no person.
    """

    __tablename__ = "declension_correction"
    __table_args__ = (UniqueConstraint("person_id", "source", "grammatical_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(300), index=True)
    grammatical_case: Mapped[GrammaticalCase] = mapped_column(EnumCode(GrammaticalCase))
    form: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
