"""Benchmark: ``replay verify`` at two sizes (250 and 1,000 payloads, 50 alerts each).

Targets (issue: cost that grows with the work): 1,000 payloads + 50,000 alerts under 12 s
and 200 MB peak memory; time and memory per payload flat from 250 to 1,000 (the growth is
printed). ``--workers`` runs ``replay verify --workers N`` beside one process. The payloads are
generated in a temporary folder from the finished matches of ../shared/fotmob (each copy gets
a new match id, a random file name, and every other one is gzipped), never copied into the
project; the alerts mix team and player markets, 50 per match, each with the grade its
template match gives as ``expected``. ``replay verify`` runs as a child process; its peak
resident memory is the largest sum over the child and its workers, sampled every 20 ms.

Run: .venv/bin/python bench/replay_bench.py [--shared ../shared/fotmob]
     [--payloads 250 1000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import gzip
import json
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

TEAM_KINDS = [
    ("total_goals", "over", 2.5),
    ("btts", "yes", None),
    ("match_result_1x2", "1", None),
    ("asian_handicap", "home", -0.25),
    ("total_corners", "over", 9.5),
    ("double_chance", "1X", None),
    ("total_cards", "under", 4.5),
]
PLAYER_KINDS = [
    ("player_shots", "over", 1.5),
    ("player_shots_on_target", "over", 0.5),
    ("player_goals", "over", 0.5),
    ("player_passes", "over", 30.5),
]


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
        return {
            key: (new if key == "matchId" and str(value) == old else renumbered(value, old, new))
            for key, value in payload.items()
        }
    if isinstance(payload, list):
        return [renumbered(item, old, new) for item in payload]
    return payload


def alert_kinds(facts) -> list[dict]:
    players = [p for p in facts.players if p.started][:8]
    kinds = [
        {"market": m, "selection": s, "line": line, "bot_type": "team"} for m, s, line in TEAM_KINDS
    ]
    kinds += [
        {
            "market": m,
            "selection": s,
            "line": line,
            "bot_type": "player",
            "player": {"name": p.name, "id": p.id},
        }
        for p in players
        for m, s, line in PLAYER_KINDS
    ]
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


def run_verify(folder: Path, workers: int) -> tuple[float, float, str, int]:
    """(wall seconds, peak MB of the whole process tree, the summary line, exit code)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "replay.cli",
            "verify",
            "--no-progress",
            "--fixtures",
            str(folder / "payloads"),
            "--alerts",
            str(folder / "alerts.jsonl"),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_kb = 0
    while child.poll() is None:  # the replay, its fork server and its workers
        peak_kb = max(peak_kb, tree_rss_kb(child.pid))
        time.sleep(0.02)
    out, err = child.communicate()
    wall = time.perf_counter() - started
    lines = out.strip().splitlines()
    return wall, peak_kb / 1024, lines[-1] if lines else err[-500:], child.returncode


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and every process below it (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        pid = int(status.parent.name)
        parents[pid] = int(fields["PPid"])
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total = 0
    for pid in rss:
        ancestor = pid
        while ancestor not in (root, 0, 1) and ancestor in parents:
            ancestor = parents[ancestor]
        if ancestor == root:
            total += rss[pid]
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "fotmob")
    parser.add_argument("--payloads", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--alerts-per-match", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    per_payload: dict[int, list[tuple[float, float]]] = {}
    for count in args.payloads:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            (folder / "payloads").mkdir()
            started = time.perf_counter()
            size, alerts = generate(folder, args.shared, count, args.alerts_per_match)
            print(
                f"generated {count} payloads (mean {size / count / 1000:.0f} KB of JSON) "
                f"and {alerts:,} alerts in {time.perf_counter() - started:.1f} s"
            )
            for workers in args.workers:
                wall, peak_mb, summary, code = run_verify(folder, workers)
                per_payload.setdefault(workers, []).append((wall / count, peak_mb / count))
                target = " (targets < 12 s, < 200 MB)" if count == 1000 else ""
                print(
                    f"  workers {workers}: {wall:.1f} s wall, {peak_mb:.0f} MB peak, "
                    f"{1000 * wall / count:.1f} ms and {1000 * peak_mb / count:.0f} KB a "
                    f"payload{target}; exit {code}: {summary}"
                )
    if len(args.payloads) > 1:
        for workers, rows in per_payload.items():
            (t0, m0), (t1, m1) = rows[0], rows[-1]
            print(
                f"growth {args.payloads[0]} -> {args.payloads[-1]} payloads, workers "
                f"{workers}: time a payload x{t1 / t0:.2f}, peak memory a payload "
                f"x{m1 / m0:.2f}"
            )


if __name__ == "__main__":
    main()
