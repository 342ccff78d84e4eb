"""Deleting attempts, clips and profiles, with restorable snapshots (undo for a session)."""
