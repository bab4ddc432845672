"""Fixtures for the matching engine's tests: no database, no Flask.

``import matching`` here is always our engine (pytest puts the repository first on the path);
the PyPI package of the same name, a test oracle, runs in a child process (``oracle.py``).
"""
from __future__ import annotations

import pytest

from matching import RoleTaxonomy
from tests.matching.engine_helpers import CONTENT_ROLES, FIXTURE_ROLES


@pytest.fixture(scope="session")
def taxonomy() -> RoleTaxonomy:
    """A small, stable taxonomy, so engine tests do not depend on content edits."""
    return RoleTaxonomy.from_directory(FIXTURE_ROLES)


@pytest.fixture(scope="session")
def content_taxonomy() -> RoleTaxonomy:
    """The real taxonomy in content/roles (for accuracy and content checks)."""
    return RoleTaxonomy.from_directory(CONTENT_ROLES)
