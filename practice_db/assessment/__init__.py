"""The FIS assessment's storage: sets of clips, sittings with one take per clip, blind ratings and
results. Kept apart from practice (its own tables since revision 0008)."""
