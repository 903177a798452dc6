"""declension corrections: declined forms of names and positions the curator fixed by hand

Revision ID: 0002_declensions
Revises: 0001_initial
Create Date: 2026-11-23 19:24:09.931027
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_declensions"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "declension_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("grammatical_case", sa.String(length=32), nullable=False),
        sa.Column("form", sa.String(length=300), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_declension_correction_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declension_correction")),
        sa.UniqueConstraint(
            "person_id",
            "source",
            "grammatical_case",
            name=op.f("uq_declension_correction_person_id"),
        ),
    )
    with op.batch_alter_table("declension_correction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declension_correction_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_declension_correction_source"), ["source"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("declension_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declension_correction_source"))
        batch_op.drop_index(batch_op.f("ix_declension_correction_person_id"))

    op.drop_table("declension_correction")
