"""Persistence at the edge of core: SQLAlchemy 2 models, repositories and the unit of work.

The schema is created only by the Alembic migrations in ``migrations/``.
"""
