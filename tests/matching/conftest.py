"""Fixtures for the matching engine's tests: no database, no Flask.

Our package is called ``matching`` and so is the PyPI package installed as a test oracle;
Python imports whichever comes first on ``sys.path``. pytest puts the repository root there
(``tests`` is a package), and the guard below makes sure of it even when these tests are run
some other way, so ``import matching`` is always ours. The oracle is loaded separately
(``engine_helpers.load_pypi_matching``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
_loaded = sys.modules.get("matching")
if _loaded is not None and not str(getattr(_loaded, "__file__", "")).startswith(str(ROOT)):
    for name in [n for n in sys.modules if n == "matching" or n.startswith("matching.")]:
        del sys.modules[name]

from matching import RoleTaxonomy  # noqa: E402
from tests.matching.engine_helpers import CONTENT_ROLES, FIXTURE_ROLES  # noqa: E402


@pytest.fixture(scope="session")
def taxonomy() -> RoleTaxonomy:
    """A small, stable taxonomy, so engine tests do not depend on content edits."""
    return RoleTaxonomy.from_directory(FIXTURE_ROLES)


@pytest.fixture(scope="session")
def content_taxonomy() -> RoleTaxonomy:
    """The real taxonomy in content/roles (for accuracy and content checks)."""
    return RoleTaxonomy.from_directory(CONTENT_ROLES)
