"""The public, read-only JSON API (/api/v1) and its OpenAPI document. It lists opportunities
only: nothing about any person, so minors are kept out of it entirely."""
