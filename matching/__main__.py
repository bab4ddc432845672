"""Command line: ``python -m matching normalise "TEXT"``, ``python -m matching evaluate FILE.tsv``
and ``python -m matching bench [--json]``."""
from __future__ import annotations

import argparse
import json
import sys

from .roles import DEFAULT_ROLES_DIR, NORMALISE_THRESHOLD, RoleTaxonomy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m matching", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    normalise = commands.add_parser("normalise", help='print {"role": slug or null, "score": N}')
    normalise.add_argument("text")
    normalise.add_argument("--roles-dir", default=str(DEFAULT_ROLES_DIR))
    evaluate = commands.add_parser(
        "evaluate", help="accuracy@1, wrong answers, abstentions and confusions on a labelled TSV")
    evaluate.add_argument("files", nargs="+", metavar="FILE.tsv", help="title<TAB>expected slug (empty: no role)")
    evaluate.add_argument("--min-accuracy", type=float, default=None,
                          help="exit 1 if accuracy@1 on any file is under this (0..1)")
    evaluate.add_argument("--threshold", type=float, default=NORMALISE_THRESHOLD,
                          help=f"abstain under this score (default {NORMALISE_THRESHOLD})")
    evaluate.add_argument("--json", action="store_true", help="print one JSON object per file")
    evaluate.add_argument("--roles-dir", default=str(DEFAULT_ROLES_DIR))
    bench = commands.add_parser("bench", help="time the engine on seeded synthetic data")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--roles-dir", default=str(DEFAULT_ROLES_DIR))
    bench.add_argument("--scale", type=float, default=1.0, help="shrink the data (smoke tests)")
    args = parser.parse_args(argv)

    taxonomy = RoleTaxonomy.from_directory(args.roles_dir)
    if args.command == "normalise":
        guess = taxonomy.guess_many([args.text])[0]
        print(json.dumps({"role": guess.slug, "score": int(round(guess.confidence * 100)),
                          "runner_up": guess.runner_up,
                          "runner_up_score": int(round(guess.runner_up_confidence * 100))}))
        return 0
    if args.command == "evaluate":
        return _evaluate(args, taxonomy)
    from . import bench as benchmark  # only the bench needs the synthetic data generators

    results = benchmark.run(taxonomy, args.scale)
    print(json.dumps(results) if args.json else benchmark.table(results))
    return 0


def _evaluate(args: argparse.Namespace, taxonomy: RoleTaxonomy) -> int:
    from .evaluate import evaluate, read_labelled, report

    if args.min_accuracy is not None and not 0 <= args.min_accuracy <= 1:
        print("--min-accuracy is a share from 0 to 1, such as 0.95", file=sys.stderr)
        return 2
    failed = False
    for path in args.files:
        try:
            result = evaluate(read_labelled(path), taxonomy, args.threshold)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 2
        print(json.dumps({"file": path, **result.as_dict()}) if args.json else report(result, path))
        if args.min_accuracy is not None and result.accuracy < args.min_accuracy:
            print(f"{path}: accuracy@1 {result.accuracy:.3f} is under --min-accuracy {args.min_accuracy}",
                  file=sys.stderr)
            failed = True
    return 1 if failed else 0


def best_score(text: str, taxonomy: RoleTaxonomy) -> int:
    """The best role's score even when under the threshold, so a caller can see how close it was."""
    scores = taxonomy.role_scores([text])
    return int(round(float(scores.max()))) if scores.size else 0


if __name__ == "__main__":
    sys.exit(main())
