"""document figures recorded at

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures_recorded_at', sa.DateTime(), nullable=True))
    # documents stored before: their figures were recorded by the crawl that stored them
    op.execute("UPDATE document SET figures_recorded_at = updated_at")


def downgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('figures_recorded_at')
