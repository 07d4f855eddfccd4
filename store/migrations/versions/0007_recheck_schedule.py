"""re-check schedule: unchanged checks of a page, runs' pages not due

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unchanged_checks', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pages_not_due', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.drop_column('pages_not_due')
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('unchanged_checks')
