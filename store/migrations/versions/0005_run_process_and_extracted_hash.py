"""run process and host, extracted text hash

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extracted_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('extracted_sha256')
    with op.batch_alter_table('crawlrun', schema=None) as batch_op:
        batch_op.drop_column('host')
        batch_op.drop_column('pid')
