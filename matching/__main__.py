"""Command line: ``python -m matching normalise "TEXT"`` and ``python -m matching bench [--json]``."""
from __future__ import annotations

import argparse
import json
import sys

from .roles import DEFAULT_ROLES_DIR, RoleTaxonomy, normalise_role


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    normalise = commands.add_parser("normalise", help='print {"role": slug or null, "score": N}')
    normalise.add_argument("text")
    normalise.add_argument("--roles-dir", default=str(DEFAULT_ROLES_DIR))
    bench = commands.add_parser("bench", help="time the engine on seeded synthetic data")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--roles-dir", default=str(DEFAULT_ROLES_DIR))
    bench.add_argument("--scale", type=float, default=1.0, help="shrink the data (smoke tests)")
    args = parser.parse_args(argv)

    taxonomy = RoleTaxonomy.from_directory(args.roles_dir)
    if args.command == "normalise":
        match = normalise_role(args.text, taxonomy)
        print(json.dumps({"role": match.slug if match else None,
                          "score": match.score if match else best_score(args.text, taxonomy)}))
        return 0
    from . import bench as benchmark  # only the bench needs the synthetic data generators

    results = benchmark.run(taxonomy, args.scale)
    print(json.dumps(results) if args.json else benchmark.table(results))
    return 0


def best_score(text: str, taxonomy: RoleTaxonomy) -> int:
    """The best role's score even when under the threshold, so a caller can see how close it was."""
    scores = taxonomy.role_scores([text])
    return int(round(float(scores.max()))) if scores.size else 0


if __name__ == "__main__":
    sys.exit(main())
