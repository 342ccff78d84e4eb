"""Shared test helpers (fake microphones for real PortAudio capture)."""
