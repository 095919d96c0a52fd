"""Check or regenerate the report's and the deck's golden files: ``python -m tests.golden``."""

from __future__ import annotations

import argparse
import sys

from tests.golden import CASES, canonical_parts, pptx, regenerate, stored


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.golden", description=__doc__)
    parser.add_argument(
        "--regenerate", action="store_true", help="rewrite the golden files from the exporter"
    )
    args = parser.parse_args()
    if args.regenerate:
        for folder in [*regenerate(), *pptx.regenerate()]:
            print(f"wrote {folder}")
        return 0
    failed = False
    suites = [(CASES, stored, canonical_parts), (pptx.CASES, pptx.stored, pptx.canonical_parts)]
    for cases, stored_parts, canonical in suites:
        for case, build in cases.items():
            expected, actual = stored_parts(case), canonical(build())
            changed = sorted(
                n for n in expected.keys() | actual.keys() if expected.get(n) != actual.get(n)
            )
            print(f"{case}: {'differs in ' + ', '.join(changed) if changed else 'same'}")
            failed = failed or bool(changed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
