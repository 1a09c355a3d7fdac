"""Benchmark: ``replay verify`` on 1,000 recorded payloads and 50,000 alerts.

Target (issue: replay): under 30 s wall time and under 500 MB peak memory. The payloads are
generated in a temporary folder from the finished matches of ../shared/fotmob (each copy gets
a new match id, a random file name, and every other one is gzipped), never copied into the
project; the alerts mix team and player markets, 50 per match, each with the grade its
template match gives as ``expected``. ``replay verify`` runs as a child process and its peak
resident memory is read from ``getrusage``.

Run: .venv/bin/python bench/replay_bench.py [--shared ../shared/fotmob] [--payloads 1000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grading.core.alerts import Alert  # noqa: E402
from grading.core.errors import BadPayload  # noqa: E402
from grading.core.fotmob.parse import parse_match  # noqa: E402
from grading.core.settlement.settle import settle  # noqa: E402

TEAM_KINDS = [("total_goals", "over", 2.5), ("btts", "yes", None), ("match_result_1x2", "1",
              None), ("asian_handicap", "home", -0.25), ("total_corners", "over", 9.5),
              ("double_chance", "1X", None), ("total_cards", "under", 4.5)]
PLAYER_KINDS = [("player_shots", "over", 1.5), ("player_shots_on_target", "over", 0.5),
                ("player_goals", "over", 0.5), ("player_passes", "over", 30.5)]


def templates(shared: Path) -> list[tuple[dict, object]]:
    """Finished match payloads of 250-900 KB on disk, with their facts."""
    out = []
    for path in sorted(shared.glob("*.json")):
        if not 250_000 <= path.stat().st_size <= 900_000:
            continue
        payload = json.loads(path.read_bytes())
        try:
            facts = parse_match(payload)
        except BadPayload:
            continue
        if facts.status == "finished":
            out.append((payload, facts))
    return out


def renumbered(payload: object, old: str, new: str) -> object:
    if isinstance(payload, dict):
        return {key: (new if key == "matchId" and str(value) == old else
                      renumbered(value, old, new)) for key, value in payload.items()}
    if isinstance(payload, list):
        return [renumbered(item, old, new) for item in payload]
    return payload


def alert_kinds(facts) -> list[dict]:
    players = [p for p in facts.players if p.started][:8]
    kinds = [{"market": m, "selection": s, "line": line, "bot_type": "team"}
             for m, s, line in TEAM_KINDS]
    kinds += [{"market": m, "selection": s, "line": line, "bot_type": "player",
               "player": {"name": p.name, "id": p.id}}
              for p in players for m, s, line in PLAYER_KINDS]
    return [{**kind, "odds": 1.9, "stake": 10} for kind in kinds]


def generate(folder: Path, shared: Path, count: int, per_match: int) -> tuple[int, int]:
    """Write ``count`` payloads and their alerts; returns (payload bytes, alerts)."""
    bases = templates(shared)
    written = alerts = 0
    with (folder / "alerts.jsonl").open("w") as out:
        for n in range(count):
            payload, facts = bases[n % len(bases)]
            match_id = str(8_000_000 + n)
            body = json.dumps(renumbered(payload, facts.match_id, match_id), indent=1).encode()
            name = f"payload_{uuid.uuid4().hex[:10]}.json"
            path = folder / "payloads" / (name + ".gz" if n % 2 else name)
            path.write_bytes(gzip.compress(body, 1) if n % 2 else body)
            written += len(body)
            kinds = alert_kinds(facts)
            for k in range(per_match):
                doc = {**kinds[k % len(kinds)], "alert_id": f"r-{n}-{k}", "match_id": match_id}
                grade = settle(Alert.from_json(doc), facts).to_json()
                doc["expected"] = {key: grade[key] for key in ("status", "returns")}
                out.write(json.dumps(doc) + "\n")
                alerts += 1
    return written, alerts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "fotmob")
    parser.add_argument("--payloads", type=int, default=1000)
    parser.add_argument("--alerts-per-match", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "payloads").mkdir()
        started = time.perf_counter()
        size, alerts = generate(folder, args.shared, args.payloads, args.alerts_per_match)
        print(f"generated {args.payloads} payloads (mean {size / args.payloads / 1000:.0f} KB "
              f"of JSON) and {alerts:,} alerts in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "replay.cli", "verify", "--no-progress",
                              "--fixtures", str(folder / "payloads"), "--alerts",
                              str(folder / "alerts.jsonl")], cwd=ROOT, capture_output=True,
                             text=True)
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(run.stdout.strip().splitlines()[-1] if run.stdout else run.stderr[-500:])
        print(f"replay verify: {wall:.1f} s wall (target < 30 s), "
              f"{peak_mb:.0f} MB peak resident memory (target < 500 MB), exit {run.returncode}")


if __name__ == "__main__":
    main()
