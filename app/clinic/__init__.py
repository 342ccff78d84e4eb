"""Clinic mode: the same app with its storage on the clinic's PostgreSQL server."""
