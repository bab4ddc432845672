"""The PyPI ``matching`` package, our test oracle for allocation, run in a Python of its own.

Our engine is also called ``matching``, and in the test process that name is ours. The oracle
runs in a child interpreter started with ``-I`` (isolated: neither the repository nor the working
directory is on its path), where ``import matching`` can only find the installed PyPI package;
the child checks that it did, solves, and answers in JSON. No module juggling in this process.
"""
from __future__ import annotations

import json
import subprocess
import sys

_SOLVE = r"""
import json, sys, threading
from importlib.metadata import distribution
from pathlib import Path

import matching
from matching.games import HospitalResident

installed = Path(str(distribution("matching").locate_file("matching"))).resolve()
assert Path(matching.__file__).resolve().parent == installed, f"not the PyPI package: {matching.__file__}"
problem = json.load(sys.stdin)
answer = {}

def solve():  # the library deep-copies recursively; give it room, as its issue #139 suggests
    game = HospitalResident.create_from_dictionaries(
        problem["residents"], problem["hospitals"], problem["capacities"])
    solved = game.solve(optimal="resident")
    answer["matching"] = {h.name: [r.name for r in residents] for h, residents in solved.items()}
    answer["stable"] = game.check_stability()

sys.setrecursionlimit(20_000)
threading.stack_size(256 * 1024 * 1024)
thread = threading.Thread(target=solve)
thread.start()
thread.join()
if not answer:
    sys.exit("the solver raised (traceback above)")
json.dump(answer, sys.stdout)
"""


def hospital_resident(residents: dict[str, list[str]], hospitals: dict[str, list[str]],
                      capacities: dict[str, int]) -> tuple[dict[str, list[str]], bool]:
    """The resident-optimal HospitalResident matching (hospital name -> resident names) and
    whether the library judges it stable."""
    problem = json.dumps({"residents": residents, "hospitals": hospitals, "capacities": capacities})
    child = subprocess.run([sys.executable, "-I", "-c", _SOLVE], input=problem, capture_output=True, text=True,
                           timeout=120, check=False)
    assert child.returncode == 0, f"the PyPI matching oracle failed:\n{child.stderr}"
    answer = json.loads(child.stdout)
    return answer["matching"], answer["stable"]
