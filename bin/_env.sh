# Shared by bin/run and bin/test: create .venv with Python 3.11+ and install the project
# (again only when pyproject.toml changes).
set -euo pipefail

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "CareWays needs Python 3.11 or newer on the PATH (or set PYTHON=/path/to/python)." >&2
  return 1
}

ensure_venv() {
  local extras="$1" stamp want
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$(find_python)" -m venv .venv
  fi
  want="$(sha256sum < pyproject.toml | cut -c1-16)-${extras:-base}"
  stamp=".venv/.careways-installed"
  if ! grep -qx "$want" "$stamp" 2>/dev/null; then
    echo "Installing CareWays and its pinned dependencies ..."
    .venv/bin/python -m pip install --quiet --quiet --upgrade pip
    if [ -n "$extras" ]; then
      .venv/bin/python -m pip install --quiet --quiet -e ".[$extras]"
    else
      .venv/bin/python -m pip install --quiet --quiet -e .
    fi
    # Installing the test extras satisfies the base install too. (An `if`, not `&&`: under
    # `set -e` a false test as the last command of a group would end the script.)
    echo "$want" > "$stamp"
    if [ -n "$extras" ]; then
      echo "$(sha256sum < pyproject.toml | cut -c1-16)-base" >> "$stamp"
    fi
  fi
}
