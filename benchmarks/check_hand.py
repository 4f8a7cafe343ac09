"""Check hand-written SQL against csm_kit on a sample: every config, every metric given.

    python benchmarks/check_hand.py nps csat [--events 1000000] [--configs month,week,day,month+segment]

Prints, per metric and config, OK or the rows that differ. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import CONFIGS, compare, csm_frame, date_range, hand_frame, open_sample, query_for  # noqa: E402
from hand import load  # noqa: E402

import csm_kit as ck  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("metrics", nargs="*", help="metric ids (default: every hand query)")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--configs", default=",".join(CONFIGS))
    args = parser.parse_args()
    queries = load()
    ids = args.metrics or sorted(queries)
    kit, con = open_sample(args.events)
    span = date_range(con)
    bad = 0
    for config in args.configs.split(","):
        for mid in ids:
            if mid not in queries:
                print(f"{mid}: no hand SQL registered")
                bad += 1
                continue
            try:
                ours, error = csm_frame(kit, [mid], config, span)
            except ck.CsmKitError as exc:
                error = {mid: str(exc)}
            if error:
                print(f"{config:>15} {mid}: csm_kit cannot compute it here: {error}")
                continue
            q = query_for(kit, config, [mid], span)
            theirs = hand_frame(con, queries[mid], q)
            problems = compare(ours[ours.metric == mid], theirs, q)
            print(f"{config:>15} {mid}: " + ("OK" if not problems else
                                            f"{len(problems)} differences\n    "
                                            + "\n    ".join(problems[:12])))
            bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
