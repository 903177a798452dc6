"""record versions: a counter per editable record, for two people editing it at once

Revision ID: 0010_record_versions
Revises: 0009_municipal
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_record_versions"
down_revision = "0009_municipal"
branch_labels = None
depends_on = None

# Every record a form edits as a whole: the form remembers the version it loaded, and a save
# over a newer version is refused instead of silently undoing someone else's work.
TABLES = (
    "person",
    "mentor_profile",
    "mentee_profile",
    "mentoring_pair",
    "program",
    "program_activity",
    "roadmap",
    "roadmap_item",
    "individual_route",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
