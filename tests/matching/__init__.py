"""Tests for the pure matching engine (matching/): no database, no Flask."""
