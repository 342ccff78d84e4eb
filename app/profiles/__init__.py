"""Profiles beyond storage: passwords and the policy for wrong guesses."""
