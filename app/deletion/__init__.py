"""Deleting attempts, clips and profiles: files to a private trash, rows by practice_db."""
