"""municipal: the files schools sent, kept per school and period

Revision ID: 0009_municipal
Revises: 0008_monitoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_municipal"
down_revision = "0008_monitoring"
branch_labels = None
depends_on = None


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["municipal_submission.id"],
            name=op.f(f"fk_{name}_submission_id_municipal_submission"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_submission_id"), name, ["submission_id"])


def upgrade() -> None:
    op.create_table(
        "municipal_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_municipal_submission_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_municipal_submission")),
        sa.UniqueConstraint(
            "organisation_id",
            "kind",
            "period_start",
            "period_end",
            name="uq_municipal_submission_period",
        ),
    )
    op.create_index(
        op.f("ix_municipal_submission_organisation_id"),
        "municipal_submission",
        ["organisation_id"],
    )
    _child(
        "municipal_person",
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("job", sa.String(length=300), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=False),
        sa.Column("experience", sa.Integer(), nullable=True),
        sa.Column("qualification", sa.String(length=200), nullable=False),
        sa.Column("expertise", sa.Text(), nullable=False),
        sa.Column("max_mentees", sa.Integer(), nullable=True),
        sa.Column("current_mentees", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    _child(
        "municipal_row",
        sa.Column("sheet", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    _child(
        "municipal_indicator",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("group", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("previous", sa.Float(), nullable=True),
    )


def downgrade() -> None:
    for name in ("municipal_indicator", "municipal_row", "municipal_person"):
        op.drop_index(op.f(f"ix_{name}_submission_id"), table_name=name)
        op.drop_table(name)
    op.drop_index(
        op.f("ix_municipal_submission_organisation_id"), table_name="municipal_submission"
    )
    op.drop_table("municipal_submission")
