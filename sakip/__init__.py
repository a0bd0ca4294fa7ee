"""Composition root: wiring of settings, database and the shells (CLI, API, bot)."""
