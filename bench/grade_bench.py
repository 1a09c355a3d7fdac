"""Benchmark: FotMob parse time per payload and settlement throughput.

Targets: median decode + parse of a ~450 KB payload under 4 ms (issue: cost that grows
with the work; 10 ms before it); at least
100,000 grades per second on parsed facts, over the sample alerts and over the whole
catalogue (the hand-computed cases of every market kind). Settlement remembers what an
alert's own fields decide (market, selection, line), each match's player lookups and each
(bet, value) outcome, so repeated alerts run warm, as PROPPR's repeated markets do.
Parse figures are printed with the ratio to a plain ``json.loads`` of the same payloads,
measured in the same run (machines here are noisy); ``loads`` decodes with orjson
(grading/core/fotmob/decoding.py).

Run: .venv/bin/python bench/grade_bench.py [--shared ../shared/fotmob] [--seconds 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures_data"
sys.path.insert(0, str(ROOT))

from grading.core.alerts import Alert  # noqa: E402
from grading.core.errors import BadPayload  # noqa: E402
from grading.core.facts import MatchFacts  # noqa: E402
from grading.core.fotmob.parse import loads, parse_match  # noqa: E402
from grading.core.settlement.settle import settle  # noqa: E402
from grading.edges.recorded import DirectorySource  # noqa: E402


def best_of(fn, repeats: int) -> float:
    """Fastest of ``repeats`` runs, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_parse(folder: Path, repeats: int) -> None:
    rows = []
    for path in sorted(folder.glob("*.json")):
        body = path.read_bytes()
        try:
            loads(body)
        except BadPayload:
            continue  # day lists, team and league pages
        data = json.loads(body)
        rows.append(
            (
                path.name,
                len(body),
                best_of(lambda b=body: json.loads(b), repeats),
                best_of(lambda d=data: parse_match(d), repeats),
                best_of(lambda b=body: loads(b), repeats),
            )
        )
    print(f"{'payload':48} {'KB':>6} {'json.loads':>11} {'parse':>8} {'both':>8} {'ratio':>6}")
    for name, size, t_json, t_parse, t_both in rows:
        print(
            f"{name[:48]:48} {size / 1024:6.0f} {t_json * 1e3:9.2f}ms {t_parse * 1e3:6.2f}ms "
            f"{t_both * 1e3:6.2f}ms {t_both / t_json:6.2f}"
        )
    medians = [statistics.median(r[i] for r in rows) for i in (1, 2, 3, 4)]
    print(
        f"median over {len(rows)} match payloads: {medians[0] / 1024:.0f} KB, json.loads "
        f"{medians[1] * 1e3:.2f} ms, parse only {medians[2] * 1e3:.2f} ms, "
        f"json.loads + parse {medians[3] * 1e3:.2f} ms "
        f"({medians[3] / medians[1]:.2f}x json.loads; target < 4 ms)"
    )


def sample_alerts() -> list[tuple[Alert, MatchFacts]]:
    """The project's sample alerts on their payloads (every status, bad input included)."""
    source = DirectorySource(ROOT / "fixtures_data" / "fotmob")
    alerts = [
        Alert.from_json(json.loads(line))
        for line in (ROOT / "fixtures_data" / "alerts.jsonl").read_text().splitlines()
    ]
    return [(a, source.fetch(a.match_id)) for a in alerts]


def catalogue_alerts() -> list[tuple[Alert, MatchFacts]]:
    """The hand-computed cases of every market kind: stats, halves, timeline, scorers."""
    from tests.cases import case_alert, read_cases
    from tests.core.test_market_cases import facts as stats_match

    timeline_match = MatchFacts.from_json(
        json.loads((FIXTURES / "timeline_match.json").read_text())
    )
    return [
        (case_alert(case), match)
        for table, match in (
            ("market_cases.csv", stats_match("")),
            ("timeline_cases.csv", timeline_match),
        )
        for case in read_cases(table)
        if not (case.get("without") or case.get("variant"))
    ]


def bench_settle(seconds: float, name: str, work: list[tuple[Alert, MatchFacts]]) -> None:
    graded = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for alert, facts in work:
            settle(alert, facts)
        graded += len(work)
    elapsed = time.perf_counter() - start
    print(
        f"settlement, {name}: {graded:,} grades in {elapsed:.2f} s = "
        f"{graded / elapsed:,.0f} grades/s over {len(work)} alerts (target >= 100,000/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "fotmob")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    if args.shared.is_dir():
        bench_parse(args.shared, args.repeats)
    else:
        print(f"parse benchmark skipped: {args.shared} is absent")
    bench_settle(args.seconds, "sample alerts (every status)", sample_alerts())
    bench_settle(args.seconds, "the whole catalogue (hand-computed cases)", catalogue_alerts())


if __name__ == "__main__":
    main()
