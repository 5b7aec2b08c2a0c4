#!/usr/bin/env python3
"""Prints the one table `make bench` ends with, from the runs run-bench.sh recorded.

Each input line (tab-separated) is one run of one path:
    path  unit  sluice  reference  floor  peak_rss_kb  ok
`reference` is "-" when the path has none, `peak_rss_kb` "-" when not measured, `ok` 0 when a
check of that run failed (wrong answer, duplicate run, ...). `floor` is `ratio<=X`, `ratio>=X`,
`value<X`, or "-" for a figure shown for information only. Per path: the median of Sluice's figures, of the reference's, of the per-run ratios
and of the peak RSS; it passes when the floor holds on the medians, the peak RSS is under
PEAK_MB and every run's checks passed. Paths keep the order of their first run. Exits 1 when a
path fails, so `make bench` fails too.

    bench_table.py RESULTS.tsv
"""
import statistics
import sys

PEAK_MB = 150


def number(text: str) -> float | None:
    return None if text == "-" else float(text)


def passes(floor: str, ratio: float | None, value: float) -> bool:
    if floor == "-":
        return True
    for operator in ("<=", ">=", "<"):
        if operator in floor:
            name, limit = floor.split(operator)
            figure = ratio if name == "ratio" else value
            if figure is None:
                return False
            return {"<=": figure <= float(limit), ">=": figure >= float(limit), "<": figure < float(limit)}[operator]
    raise SystemExit(f"unknown floor {floor!r}")


def figure(value: float, unit: str) -> str:
    return f"{value:.0f} {unit}" if value >= 1000 else f"{value:.3g} {unit}"


def shown(floor: str, unit: str) -> str:
    if floor == "-":
        return "-"
    name, operator, limit = floor.partition("<=") if "<=" in floor else floor.partition(">=") \
        if ">=" in floor else floor.partition("<")
    sign = {"<=": "≤", ">=": "≥", "<": "<"}[operator]
    return f"{sign} {limit}×" if name == "ratio" else f"{sign} {limit} {unit}"


def main() -> None:
    paths: dict[str, list[list[str]]] = {}
    with open(sys.argv[1], encoding="utf-8") as results:
        for line in results:
            fields = line.rstrip("\n").split("\t")
            paths.setdefault(fields[0], []).append(fields[1:])
    header = ["path", "Sluice (median)", "reference (median)", "ratio (median)", "floor", "peak RSS (MB)", "runs",
              "result"]
    rows = []
    failed = False
    for path, runs in paths.items():
        unit, floor = runs[0][0], runs[0][3]
        ours = statistics.median(float(run[1]) for run in runs)
        references = [number(run[2]) for run in runs]
        reference = statistics.median(references) if None not in references else None
        ratio = statistics.median(float(run[1]) / float(run[2]) for run in runs) if reference else None
        memory = [number(run[4]) for run in runs]
        peak = statistics.median(memory) / 1024 if None not in memory else None
        ok = passes(floor, ratio, ours) and all(run[5] == "1" for run in runs) and (peak is None or peak < PEAK_MB)
        failed |= not ok
        rows.append([path, figure(ours, unit), "-" if reference is None else figure(reference, unit),
                     "-" if ratio is None else f"{ratio:.3g}×", shown(floor, unit),
                     "-" if peak is None else f"{peak:.0f}", str(len(runs)), "pass" if ok else "FAIL"])
    print(f"\nEvery path against its reference, medians of each path's runs (peak RSS floor: under {PEAK_MB} MB):\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
