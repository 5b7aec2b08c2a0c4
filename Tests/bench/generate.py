#!/usr/bin/env python3
"""Writes benchmark CSV files shaped like the challenge's: departments, jobs and N hired_employees
(with --first-id, only N more hired_employees from that id on, for the same departments and jobs).

Deterministic (seeded), no header, UTF-8, ISO-8601 instants in UTC. Used by run-bench.sh only.
"""
import argparse
import os
import random

FIRST = ["Ana", "Bruno", "Chloé", "Dmitri", "Emeka", "Fatima", "Günter", "Hiroshi", "Inés", "José", "Kofi", "Łucja"]
LAST = ["Vogt", "Hofer", "O'Brien", "Núñez", "Smith", "Zhang", "García", "Müller", "Rossi", "Kowalski"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", required=True)
    parser.add_argument("--departments", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=183)
    parser.add_argument("--first-id", type=int, default=1, help="more rows for the same tables: hired_employees only")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(2021 + args.first_id - 1)
    if args.first_id == 1:
        with open(os.path.join(args.out, "departments.csv"), "w", encoding="utf-8") as f:
            f.writelines(f"{i},Department {i}\n" for i in range(1, args.departments + 1))
        with open(os.path.join(args.out, "jobs.csv"), "w", encoding="utf-8") as f:
            f.writelines(f"{i},Job {i}\n" for i in range(1, args.jobs + 1))
    with open(os.path.join(args.out, "hired_employees.csv"), "w", encoding="utf-8") as f:
        batch = []
        for i in range(args.first_id, args.first_id + args.rows):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            hour, minute, second = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
            when = f"2021-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
            batch.append(f"{i},{name},{when},{rng.randint(1, args.departments)},{rng.randint(1, args.jobs)}\n")
            if len(batch) == 10_000:
                f.writelines(batch)
                batch.clear()
        f.writelines(batch)


if __name__ == "__main__":
    main()
