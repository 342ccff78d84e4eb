"""Practice Room storage: SQLAlchemy models, Alembic migrations and the storage API (no Qt)."""
