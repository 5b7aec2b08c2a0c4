#!/usr/bin/env python3
"""Load generator for the ingestion API: C concurrent clients each POST 1,000-row JSON batches over
keep-alive connections for a bounded time; prints rows/s and latency percentiles. The rows are those
of a hired_employees CSV (generate.py's, the ones the LOAD DATA reference loads), client c sending
its c-th share in file order. Stdlib only; loopback only.

It shares the machine's cores with the server, so it costs as little as a load generator can (as
wrk does): each request is built whole before the clock starts, sent with one sendall, and the
answer read by its Content-Length. It still checks every answer: status 200 and the batch's
`inserted` count, which it sums (run-bench.sh checks the sum against the table's rows)."""
import argparse
import csv
import itertools
import json
import re
import socket
import threading
import time

# The answer's top-level count (its keys are sorted, and no item has a key named "inserted").
INSERTED = re.compile(rb'"inserted":\s*(\d+)')


def batches(path: str, clients: int, count: int, rows: int) -> list[list[bytes]]:
    """Each client's `count` JSON bodies of `rows` rows, from the CSV's rows in order."""
    with open(path, newline="", encoding="utf-8") as source:
        records = csv.reader(source)
        work = []
        for _ in range(clients):
            bodies = []
            for _ in range(count):
                chunk = list(itertools.islice(records, rows))
                if len(chunk) < rows:
                    raise SystemExit(f"{path} holds fewer than {clients * count * rows} rows")
                bodies.append(json.dumps([
                    {"id": int(i), "name": name, "datetime": when, "department_id": int(d), "job_id": int(j)}
                    for i, name, when, d, j in chunk
                ]).encode())
            work.append(bodies)
    return work


def read_answer(answers) -> tuple[int, bytes]:
    """Reads one HTTP/1.1 answer: its status and body (by Content-Length; nothing else is expected)."""
    status_line = answers.readline()
    if not status_line:
        return 0, b"connection closed"
    status = int(status_line.split()[1])
    length = None
    while (line := answers.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is None:
        raise SystemExit(f"an answer without Content-Length: {status_line!r}")
    return status, answers.read(length)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--batches-per-client", type=int, default=600)
    parser.add_argument("--csv", required=True, help="the hired_employees rows to send")
    args = parser.parse_args()
    head = ("POST /api/v1/tables/hired_employees/rows HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nAuthorization: Bearer {args.key}\r\n").encode()
    work = [[head + b"Content-Length: %d\r\n\r\n" % len(body) + body for body in bodies]
            for bodies in batches(args.csv, args.clients, args.batches_per_client, 1000)]
    latencies: list[float] = []
    inserted = [0] * args.clients
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(index: int) -> None:
        connection = socket.create_connection(("127.0.0.1", args.port), timeout=60)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        answers = connection.makefile("rb")
        for request in work[index]:
            if time.monotonic() > deadline:
                break
            started = time.monotonic()
            connection.sendall(request)
            status, payload = read_answer(answers)
            elapsed = time.monotonic() - started
            count = INSERTED.search(payload) if status == 200 else None
            if count is None:
                errors.append((status, payload[:200]))
                break
            with lock:
                latencies.append(elapsed)
            inserted[index] += int(count.group(1))
        connection.close()

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
