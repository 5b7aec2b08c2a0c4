"""The soak's clients: each runs in its own thread until `stop` is set, and records every request's
kind, status and latency in a shared `Log`."""
import json
import random
import threading
import time
import uuid

import requests

TABLE_ROWS = "/api/v1/tables/hired_employees/rows"
INVALID = [  # what makes a row invalid, in turn: a missing department, a bad instant, a job id of 0
    lambda row: row.update(department_id=9999),
    lambda row: row.update(datetime="not-a-date"),
    lambda row: row.update(job_id=0),
]


class Log:
    """Every request's (kind, status, seconds), and the unexpected answers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, int, float]] = []
        self.unexpected: list[str] = []

    def call(self, session: requests.Session, kind: str, method: str, url: str, expect=(200,), **kwargs):
        started = time.monotonic()
        try:
            response = session.request(method, url, timeout=60, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.requests.append((kind, 0, time.monotonic() - started))
                self.unexpected.append(f"{kind}: {error}")
            return None
        with self.lock:
            self.requests.append((kind, response.status_code, time.monotonic() - started))
            if response.status_code not in expect:
                self.unexpected.append(f"{kind}: {response.status_code} {response.text[:200]}")
        return response


def row(id_: int, rng: random.Random, invalid: bool) -> dict:
    values = {"id": id_, "name": f"Soak Person {id_}",
              "datetime": f"2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z",
              "department_id": rng.randint(1, 12), "job_id": rng.randint(1, 183)}
    if invalid:
        rng.choice(INVALID)(values)
    return values


class IngestClient:
    """One API client: batches of `batch` rows, `invalid_share` of them invalid, one every `pause`
    seconds, each with an Idempotency-Key, retried with the same key until answered. Counts what it
    sent and what the answers said."""

    def __init__(self, index: int, base: str, key: str, log: Log, batch: int = 50, pause: float = 0.2,
                 invalid_share: float = 0.1) -> None:
        self.index, self.base, self.key, self.log = index, base, key, log
        self.batch, self.pause, self.invalid_share = batch, pause, invalid_share
        self.first_id = (index + 1) * 100_000_000
        self.next_id = self.first_id
        self.sent_valid = self.sent_invalid = 0
        self.received = self.inserted = self.rejected = 0
        self.failed: list[str] = []

    def run(self, stop: threading.Event) -> None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
        rng = random.Random(self.index)
        while not stop.is_set():
            invalid = [rng.random() < self.invalid_share for _ in range(self.batch)]
            rows = [row(self.next_id + i, rng, bad) for i, bad in enumerate(invalid)]
            self.next_id += self.batch
            body = json.dumps(rows)
            headers = {"Idempotency-Key": str(uuid.uuid4())}
            for _ in range(20):  # a 503 or a cut connection: the same request again, exactly
                answer = self.log.call(session, "ingest", "POST", self.base + TABLE_ROWS, expect=(200,),
                                       data=body, headers=headers)
                if answer is not None and answer.status_code not in (409, 503):
                    break
                time.sleep(0.5)
            if answer is None or answer.status_code != 200:
                self.failed.append(f"batch from id {self.next_id - self.batch} never answered 200")
                continue
            result = answer.json()
            self.sent_valid += invalid.count(False)
            self.sent_invalid += invalid.count(True)
            self.received += result["received"]
            self.inserted += result["inserted"]
            self.rejected += result["rejected"]
            stop.wait(self.pause)


def read_reports(base: str, key: str, log: Log, stop: threading.Event, pause: float = 1.0) -> None:
    """Both reports for 2021, in turn, and a page of rows, once a `pause`."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    names = ["hires-by-quarter", "departments-above-mean"]
    n = 0
    while not stop.wait(pause):
        log.call(session, "report", "GET", f"{base}/api/v1/reports/{names[n % 2]}?year=2021")
        n += 1


def read_rows(base: str, key: str, log: Log, stop: threading.Event, pause: float = 1.0) -> None:
    """A page of the newest rows, once a `pause`."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    while not stop.wait(pause):
        log.call(session, "rows", "GET", f"{base}{TABLE_ROWS}?limit=100&sort=-datetime")


class Uploader:
    """A CSV of `rows` rows (`invalid_share` invalid) uploaded once a `pause` and migrated into
    hired_employees by a `migrate` run; remembers each upload's id range and counts."""

    def __init__(self, base: str, key: str, log: Log, rows: int = 1000, pause: float = 15.0,
                 invalid_share: float = 0.05) -> None:
        self.base, self.key, self.log = base, key, log
        self.rows, self.pause, self.invalid_share = rows, pause, invalid_share
        self.loads: list[dict] = []

    def run(self, stop: threading.Event) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.key}"
        rng = random.Random(99)
        n = 0
        while not stop.wait(self.pause if n else 2.0):
            first = 900_000_000 + n * 100_000
            invalid = [rng.random() < self.invalid_share for _ in range(self.rows)]
            lines = []
            for i, bad in enumerate(invalid):
                r = row(first + i, rng, bad)
                lines.append(f"{r['id']},{r['name']},{r['datetime']},{r['department_id']},{r['job_id']}")
            upload = self.log.call(session, "upload", "POST", f"{self.base}/api/v1/uploads?filename=soak-{n}.csv",
                                   expect=(201,), data="\n".join(lines) + "\n",
                                   headers={"Content-Type": "text/csv"})
            n += 1
            if upload is None or upload.status_code != 201:
                continue
            job = self.log.call(session, "job-submit", "POST", f"{self.base}/api/v1/jobs", expect=(201, 202),
                                json={"kind": "migrate", "upload": upload.json()["id"], "table": "hired_employees"})
            if job is not None and job.status_code in (201, 202):
                self.loads.append({"run": job.json()["id"], "first_id": first, "rows": self.rows,
                                   "invalid": invalid.count(True)})
