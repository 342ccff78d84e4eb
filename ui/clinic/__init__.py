"""Clinic mode in the window: connecting, signing in, the server status."""
