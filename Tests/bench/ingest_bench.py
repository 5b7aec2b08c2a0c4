#!/usr/bin/env python3
"""Load generator for the ingestion API: C concurrent clients each POST 1,000-row JSON batches of
fresh ids over keep-alive connections for a bounded time; prints rows/s and latency percentiles.
Stdlib only; loopback only."""
import argparse
import http.client
import json
import random
import threading
import time


def batches(start_id: int, count: int, rows: int, departments: int, jobs: int) -> list[bytes]:
    rng = random.Random(start_id)
    out = []
    for b in range(count):
        first = start_id + b * rows
        out.append(json.dumps([
            {"id": first + i, "name": f"Bench Person {first + i}",
             "datetime": f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z",
             "department_id": rng.randint(1, departments), "job_id": rng.randint(1, jobs)}
            for i in range(rows)
        ]).encode())
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--batches-per-client", type=int, default=400)
    args = parser.parse_args()
    work = [batches(10_000_000 + c * 10_000_000, args.batches_per_client, 1000, 12, 183) for c in range(args.clients)]
    latencies: list[float] = []
    inserted = [0] * args.clients
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {args.key}"}
        for body in work[index]:
            if time.monotonic() > deadline:
                break
            started = time.monotonic()
            connection.request("POST", "/api/v1/tables/hired_employees/rows", body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            elapsed = time.monotonic() - started
            if response.status != 200:
                errors.append((response.status, payload[:200]))
                break
            with lock:
                latencies.append(elapsed)
            inserted[index] += json.loads(payload)["inserted"]

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    if errors:
        raise SystemExit(f"errors: {errors[:3]}")
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(json.dumps({"rows": sum(inserted), "seconds": round(wall, 2), "rows_per_second": round(sum(inserted) / wall),
                      "p50_ms": round(p(0.50), 1), "p99_ms": round(p(0.99), 1), "requests": len(latencies)}))


if __name__ == "__main__":
    main()
