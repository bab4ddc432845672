"""Convention tests: the engine stays pure, and every rapidfuzz call names its processor."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import matching

PACKAGE = Path(matching.__file__).parent
SOURCES = sorted(PACKAGE.glob("*.py"))
ALLOWED_THIRD_PARTY = {"numpy", "rapidfuzz", "yaml"}
FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "alembic", "outreach", "psycopg",
             "sqlite3", "redis", "werkzeug", "jinja2", "flask_login", "flask_wtf"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_package_is_where_we_think_it_is():
    assert PACKAGE.parent == Path(__file__).resolve().parents[2]
    assert {p.name for p in SOURCES} >= {"types.py", "roles.py", "text.py", "geo.py", "values.py",
                                         "availability.py", "score.py", "rank.py", "allocate.py",
                                         "bench.py", "__main__.py", "__init__.py"}


def test_engine_imports_only_the_standard_library_numpy_rapidfuzz_and_yaml():
    for path in SOURCES:
        for name in imported_modules(path):
            assert name not in FORBIDDEN, f"{path.name} imports {name}"
            assert name in sys.stdlib_module_names or name in ALLOWED_THIRD_PARTY, (
                f"{path.name} imports {name}")


def test_every_rapidfuzz_process_call_passes_an_explicit_processor():
    """rapidfuzz 3 applies no processor by default; we say what we mean every time."""
    calls = 0
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in ("process", "fuzz")):
                keywords = {k.arg for k in node.keywords}
                assert "processor" in keywords, (
                    f"{path.name}:{node.lineno} calls {node.func.value.id}.{node.func.attr} "
                    "without processor=")
                calls += 1
    assert calls >= 4


def test_modules_stay_small():
    for path in SOURCES:
        assert len(path.read_text().splitlines()) <= 400, path.name
