"""The code's shape, checked: one service-call contract, small modules and short views.

Read from the source with ``ast`` so that a new module is covered the day it is added.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "outreach"
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 40

# Exceptions that are not refusals shown to a person, so they do not derive from DomainError.
TECHNICAL_ERRORS = {
    "DomainError",  # the base itself
    "AlreadySubmitted",  # a repeated form press: the view answers as for the first press
    "RateLimited",  # answered by outreach.web.too_many
    "ContentError",  # a content file that fails its schema check (raised at load, not to a person)
    "BankError",  # a questionnaire bank that fails its check (raised at load)
    "InvalidAnswer",  # a questionnaire answer naming no real option: tampering, answered 400
    "LedgerIsAppendOnly",  # a programming error: points entries are never updated
}


def _modules(folder: Path = PACKAGE) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "migrations" not in path.parts)


def _is_view_module(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py") or "views" in path.parent.name


def _feature(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _view_modules() -> list[Path]:
    return [path for path in _modules() if _is_view_module(path)]


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_views_never_commit_or_roll_back():
    found = []
    for path in _view_modules():
        for node in ast.walk(_tree(path)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"commit", "rollback"}):
                found.append(f"{_relative(path)}:{node.lineno} calls .{node.func.attr}()")
    assert not found, "Views leave transactions to @transaction services:\n" + "\n".join(found)


def test_views_never_import_another_features_views():
    found = []
    for path in _view_modules():
        own = _feature(path)
        for node in ast.walk(_tree(path)):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if (len(parts) >= 3 and parts[0] == "outreach" and parts[1] != own
                        and (parts[2] == "views" or parts[2].endswith("_views"))):
                    found.append(f"{_relative(path)}:{node.lineno} imports {name}")
    assert not found, "A view imports another feature's views:\n" + "\n".join(sorted(set(found)))


def test_every_refusal_is_a_domain_error():
    """Each feature's error base derives from outreach.domain.DomainError: one shape, one way to show it."""
    found = []
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ClassDef) or node.name in TECHNICAL_ERRORS:
                continue
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            if bases & {"Exception", "ValueError", "RuntimeError", "LookupError"} and "DomainError" not in bases:
                found.append(f"{_relative(path)}:{node.lineno} class {node.name}")
    assert not found, "Derive these from DomainError (or list a technical error here):\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["outreach", "matching"])
def test_no_module_is_longer_than_400_lines(folder):
    long = [f"{_relative(path)}: {count} lines" for path in _modules(ROOT / folder)
            if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES]
    assert not long, f"Split modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(long)


def test_no_view_function_is_longer_than_40_lines():
    long = []
    for path in _view_modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "route" for d in node.decorator_list):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_VIEW_LINES:
                    long.append(f"{_relative(path)}:{node.lineno} {node.name}: {length} lines")
    assert not long, f"Move logic out of views over {MAX_VIEW_LINES} lines:\n" + "\n".join(long)
