"""Shared helpers that know Django, used by every app above them (see docs/architecture.md)."""
