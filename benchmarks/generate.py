"""Generate benchmark sources in the real format: N sessions in 8 tracks, full or text-only."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

TRACKS = 8
VOCABULARY = (
    "resilience scaling latency throughput cost governance security migration observability "
    "automation platform serverless containers data lake streaming analytics tenancy"
)
WORDS = VOCABULARY.split()


def _sentence(seed: int, words: int) -> str:
    picked = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)]
    return " ".join(picked).capitalize()


def source(sessions: int, full: bool) -> dict[str, object]:
    """A source with ``sessions`` sessions; ``full`` adds a video each and same-unit stats."""
    tracks = [
        {"id": f"track-{t}", "name": f"Track {t} {WORDS[t]}", "summary": _sentence(t, 12)}
        for t in range(TRACKS)
    ]
    items = []
    for i in range(sessions):
        units = ("million", "million") if full else ("%", "ms")
        session: dict[str, object] = {
            "code": f"BEN{100 + i % 400}-{i}",
            "title": f"Session {i}: {_sentence(i, 6)}",
            "track": f"track-{i % TRACKS}",
            "speakers": [f"Speaker {i % 97}", "Example Corp"],
            "summary": _sentence(i + 1, 24) + ".",
            "key_points": [f"{_sentence(i + k, 9)} with **emphasis** {k}" for k in range(5)],
            "stats": [
                {"value": 10 + i % 90, "unit": units[0], "label": "requests per second at peak"},
                {"value": 3.5 + i % 7, "unit": units[1], "label": "baseline before the change"},
            ],
            "takeaways": [_sentence(i + 2, 8), _sentence(i + 3, 7)],
            "notes": _sentence(i + 4, 30) + ".",
        }
        if full:
            session["video"] = f"https://www.youtube.com/watch?v=bench{i:06d}"
        items.append(session)
    return {
        "briefing": {
            "title": f"Benchmark briefing, {sessions} sessions",
            "event": "Benchmark Conference",
            "date": "2026-11-20",
            "author": "Benchmark",
            "summary": _sentence(0, 40) + ".",
        },
        "tracks": tracks,
        "sessions": items,
    }


def write(folder: Path, sessions: int, full: bool) -> Path:
    path = folder / f"bench-{'full' if full else 'text'}-{sessions}.yaml"
    if not path.exists():
        path.write_text(yaml.safe_dump(source(sessions, full), sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sessions", type=int, nargs="+")
    parser.add_argument("--full", action="store_true", help="videos and same-unit stats")
    parser.add_argument("-o", "--out", type=Path, default=Path("benchmarks/sources"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for count in args.sessions:
        print(write(args.out, count, args.full))


if __name__ == "__main__":
    main()
