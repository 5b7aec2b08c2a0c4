#!/usr/bin/env python3
"""`make soak`'s driver and checker, an independent client of a running `sluice serve`: mixed
traffic for --seconds while the server's process tree is sampled every 10 s, then the checks.
Run by Tests/soak/run-soak.sh, which starts the database and the server."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import requests

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soak_proc  # noqa: E402
from soak_traffic import IngestClient, Log, Uploader, read_reports, read_rows  # noqa: E402

P99_BOUNDS = {"ingest": 2.0, "report": 2.0, "rows": 2.0, "upload": 5.0, "job-submit": 2.0}  # seconds
GROWTH_BOUNDS = {"serve_rss_mb": 16.0, "serve_fds": 8.0, "serve_threads": 4.0}  # over the window


class Soak:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.base = args.url
        self.log = Log()
        self.admin = requests.Session()
        self.admin.headers["Authorization"] = f"Bearer {args.admin_key}"
        self.checks: list[tuple[str, bool, str]] = []

    def sql(self, query: str) -> list[list[str]]:
        out = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.args.socket}", "sluice", "-N", "-B",
                              "-e", query], check=True, capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines()]

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append((name, ok, detail))

    def wait_run(self, run_id: int, deadline: float) -> dict:
        while True:
            run = self.admin.get(f"{self.base}/api/v1/jobs/{run_id}", timeout=30).json()
            if run["state"] not in ("queued", "running") or time.monotonic() > deadline:
                return run
            time.sleep(1)

    def backups(self) -> list[dict]:
        return self.admin.get(f"{self.base}/api/v1/backups", timeout=30).json()["items"]

    def restore_partway(self, stop: threading.Event, at: float) -> None:
        """The departments table restored from the newest backup once `at` seconds have passed."""
        if stop.wait(at):
            return
        while not self.backups() and not stop.wait(5):
            pass
        items = self.backups()
        if not items:
            self.check("restore partway", False, "no backup was made to restore from")
            return
        backup = items[0]
        answer = self.log.call(self.admin, "restore-submit", "POST", f"{self.base}/api/v1/restores",
                               expect=(202,), json={"table": "departments", "backup": backup["id"]})
        self.restore = (answer.json()["id"], backup) if answer is not None and answer.status_code == 202 else None

    def run(self) -> int:
        args = self.args
        schedule = {"name": "soak-backup", "kind": "backup", "params": {"codec": "deflate"},
                    "schedule": "*/1 * * * *", "timezone": "UTC", "catchUp": "skip",
                    "description": "make soak: a backup of every table each minute"}
        created = self.admin.post(f"{self.base}/api/v1/schedules", json=schedule, timeout=30)
        if created.status_code not in (200, 201):
            print(f"could not store the schedule: {created.status_code} {created.text}")
            return 1
        stop = threading.Event()
        clients = [IngestClient(i, self.base, key, self.log) for i, key in enumerate(args.ingest_keys)]
        uploader = Uploader(self.base, args.admin_key, self.log)
        self.restore = None
        threads = [threading.Thread(target=c.run, args=(stop,)) for c in clients]
        threads += [threading.Thread(target=read_reports, args=(self.base, args.reports_key, self.log, stop)),
                    threading.Thread(target=read_rows, args=(self.base, args.ingest_keys[0], self.log, stop)),
                    threading.Thread(target=uploader.run, args=(stop,)),
                    threading.Thread(target=self.restore_partway, args=(stop, args.seconds / 2))]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        samples = []
        while True:
            samples.append(soak_proc.sample(args.serve_pid, started))
            print(f"  sample {samples[-1]}", flush=True)
            if time.monotonic() - started >= args.seconds or stop.wait(10):
                break
        stop.set()
        for thread in threads:
            thread.join()
        print(f"load stopped after {time.monotonic() - started:.0f} s; checking", flush=True)
        self.admin.post(f"{self.base}/api/v1/schedules/soak-backup/disable", timeout=30)
        warmup = min(60.0, args.seconds / 3)
        soak_proc.write_csv(os.path.join(args.out, "samples.csv"), samples)
        soak_proc.plot(os.path.join(args.out, "soak.png"), samples, warmup)
        for result in soak_proc.trend(samples, warmup, GROWTH_BOUNDS):
            self.check(f"flat {result['series']}", result["ok"],
                       result.get("why") or f"fitted growth {result['growth']} over the window after warm-up "
                       f"({result['per_minute']}/min), bound {result['bound']}")
        self.check_latency()
        self.check_clients(clients)
        self.check_loads(uploader.loads)
        self.check_restore()
        self.check_backups(args.seconds)
        self.check("no unexpected answers", not self.log.unexpected,
                   f"{len(self.log.unexpected)}: {self.log.unexpected[:5]}")
        return self.report(samples)

    def check_latency(self) -> None:
        kinds = sorted({kind for kind, _, _ in self.log.requests})
        self.latency = {}
        with open(os.path.join(self.args.out, "latency.csv"), "w") as f:
            f.write("kind,status,seconds\n")
            f.writelines(f"{k},{s},{t:.4f}\n" for k, s, t in self.log.requests)
        for kind in kinds:
            times = sorted(t for k, _, t in self.log.requests if k == kind)
            p50, p99 = statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]
            self.latency[kind] = {"count": len(times), "p50_ms": round(p50 * 1000, 1), "p99_ms": round(p99 * 1000, 1)}
            if kind in P99_BOUNDS:
                self.check(f"p99 {kind}", p99 < P99_BOUNDS[kind],
                           f"{len(times)} requests, p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
                           f"(bound {P99_BOUNDS[kind] * 1000:.0f} ms)")

    def check_clients(self, clients: list[IngestClient]) -> None:
        """Per API client: received = inserted + rejected in the answers, as sent, and in the tables."""
        for c in clients:
            name = f"soak-ingest-{c.index + 1}"
            rows = int(self.sql(f"SELECT COUNT(*) FROM hired_employees WHERE id >= {c.first_id} "
                                f"AND id < {c.next_id}")[0][0])
            rejects = int(self.sql("SELECT COUNT(*) FROM sluice_rejects r JOIN sluice_api_keys k "
                                   f"ON r.key_id = k.key_id WHERE k.name = '{name}'")[0][0])
            ok = (not c.failed and c.received == c.inserted + c.rejected == c.sent_valid + c.sent_invalid
                  and c.inserted == c.sent_valid == rows and c.rejected == c.sent_invalid == rejects)
            self.check(f"reconciled API client {c.index + 1}", ok,
                       f"received {c.received} = inserted {c.inserted} + rejected {c.rejected}; sent "
                       f"{c.sent_valid} valid + {c.sent_invalid} invalid; table rows {rows}, reject log {rejects}"
                       + (f"; {c.failed[:3]}" if c.failed else ""))

    def check_loads(self, loads: list[dict]) -> None:
        """Per migration: its run succeeded and its load's counts match the file, the table and the reject log."""
        deadline = time.monotonic() + 300
        bad = []
        for load in loads:
            run = self.wait_run(load["run"], deadline)
            summary = run.get("summary") or {}
            tables = summary.get("tables") or [summary]
            load_id = tables[0].get("loadID")
            counts = self.sql(f"SELECT received, inserted, rejected FROM sluice_loads WHERE id = {int(load_id or 0)}")
            received, inserted, rejected = map(int, counts[0]) if counts else (-1, -1, -1)
            rows = int(self.sql(f"SELECT COUNT(*) FROM hired_employees WHERE id >= {load['first_id']} "
                                f"AND id < {load['first_id'] + load['rows']}")[0][0])
            rejects = int(self.sql(f"SELECT COUNT(*) FROM sluice_rejects WHERE load_id = {int(load_id or 0)}")[0][0])
            if not (run["state"] == "succeeded" and received == inserted + rejected == load["rows"]
                    and rejected == load["invalid"] == rejects and inserted == rows):
                bad.append(f"run {load['run']} ({run['state']}): load {load_id} received {received} inserted "
                           f"{inserted} rejected {rejected}; file {load['rows']} rows, {load['invalid']} invalid; "
                           f"table {rows}, reject log {rejects}")
        self.check("reconciled loads", bool(loads) and not bad, f"{len(loads)} migrations; {bad[:3]}")

    def check_restore(self) -> None:
        if self.restore is None:
            self.check("restore partway", False, "no restore was submitted")
            return
        run_id, backup = self.restore
        run = self.wait_run(run_id, time.monotonic() + 300)
        recorded = next(t["rows"] for t in backup["tables"] if t["table"] == "departments")
        live = int(self.sql("SELECT COUNT(*) FROM departments")[0][0])
        restored = (run.get("summary") or {}).get("restored")
        self.check("restore partway", run["state"] == "succeeded" and restored == recorded == live,
                   f"departments from backup {backup['id']}: run {run['state']}, restored {restored}, "
                   f"recorded {recorded}, live {live}")

    def check_backups(self, seconds: float) -> None:
        """Every scheduled backup run succeeded, one a minute, and each backup's every table
        restores (dry run: read, validated, counted, checksummed) to the rows it recorded."""
        deadline = time.monotonic() + 600
        runs = self.admin.get(f"{self.base}/api/v1/jobs?kind=backup&limit=1000", timeout=30).json()["items"]
        states = [self.wait_run(r["id"], deadline)["state"] for r in runs]
        expected = int(seconds // 60) - 1
        self.check("a backup every minute", len(runs) >= expected and all(s == "succeeded" for s in states),
                   f"{len(runs)} backup runs (at least {expected} expected): {states}")
        bad, verified = [], 0
        for backup in self.backups():
            for table in backup["tables"]:
                answer = self.admin.post(f"{self.base}/api/v1/restores", timeout=30,
                                         json={"table": table["table"], "backup": backup["id"], "dryRun": True})
                run = self.wait_run(answer.json()["id"], deadline) if answer.status_code == 202 else {"state": "refused"}
                restored = (run.get("summary") or {}).get("restored")
                verified += 1
                if run["state"] != "succeeded" or restored != table["rows"]:
                    bad.append(f"{backup['id']} {table['table']}: {run['state']}, {restored} of {table['rows']} rows")
        self.check("backups restore to their counts", verified > 0 and not bad,
                   f"{verified} table files restored (dry run); {bad[:3]}")

    def report(self, samples: list[dict]) -> int:
        print(f"\n{'kind':<16}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}")
        for kind, row in self.latency.items():
            print(f"{kind:<16}{row['count']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}")
        print()
        for name, ok, detail in self.checks:
            print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
        failed = [name for name, ok, _ in self.checks if not ok]
        with open(os.path.join(self.args.out, "summary.json"), "w") as f:
            json.dump({"seconds": self.args.seconds, "latency": self.latency, "samples": len(samples),
                       "checks": [{"name": n, "ok": ok, "detail": d} for n, ok, d in self.checks]}, f, indent=2)
        print(f"\nartifacts: {self.args.out}/soak.png, samples.csv, latency.csv, summary.json")
        print(f"soak: {len(self.checks) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--serve-pid", type=int, required=True)
    parser.add_argument("--socket", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--admin-key", required=True)
    parser.add_argument("--reports-key", required=True)
    parser.add_argument("--ingest-keys", nargs=4, required=True)
    return Soak(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
