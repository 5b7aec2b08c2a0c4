"""Samples of a process tree from /proc (resident memory, open descriptors, threads), the trend
check on them, and their plot."""
import csv
import os
import time

FIELDS = ["t", "serve_rss_mb", "serve_fds", "serve_threads", "workers", "workers_rss_mb", "workers_fds",
          "workers_threads"]


def _status(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as f:
        return dict(line.split(":", 1) for line in f if ":" in line)


def _usage(pid: int) -> tuple[float, int, int]:
    status = _status(pid)
    rss_mb = int(status["VmRSS"].split()[0]) / 1024
    return rss_mb, len(os.listdir(f"/proc/{pid}/fd")), int(status["Threads"])


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    found, queue = [], [root]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def sample(serve_pid: int, started: float) -> dict[str, float]:
    """One sample of the server and of all its descendants (the workers) taken together."""
    rss, fds, threads = _usage(serve_pid)
    row = {"t": round(time.monotonic() - started, 1), "serve_rss_mb": round(rss, 2), "serve_fds": fds,
           "serve_threads": threads, "workers": 0, "workers_rss_mb": 0.0, "workers_fds": 0, "workers_threads": 0}
    for pid in _descendants(serve_pid):
        try:
            rss, fds, threads = _usage(pid)
        except (OSError, KeyError):
            continue  # exited meanwhile
        row["workers"] += 1
        row["workers_rss_mb"] = round(row["workers_rss_mb"] + rss, 2)
        row["workers_fds"] += fds
        row["workers_threads"] += threads
    return row


def write_csv(path: str, samples: list[dict[str, float]]) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(samples)


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares slope (per second) and intercept."""
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    slope = sum((t - mean_t) * (v - mean_v) for t, v in points) / spread if spread else 0.0
    return slope, mean_v - slope * mean_t


def trend(samples: list[dict[str, float]], warmup: float, bounds: dict[str, float]) -> list[dict]:
    """For each bounded series of the server, the growth the linear fit after warm-up gives over
    the measured window, against its bound (the series is flat when the growth is under it)."""
    after = [s for s in samples if s["t"] >= warmup]
    results = []
    for field, bound in bounds.items():
        if len(after) < 3:
            results.append({"series": field, "growth": None, "bound": bound, "ok": False,
                            "why": f"only {len(after)} samples after the {warmup:.0f} s warm-up"})
            continue
        slope, _ = fit([(s["t"], s[field]) for s in after])
        growth = slope * (after[-1]["t"] - after[0]["t"])
        results.append({"series": field, "growth": round(growth, 2), "bound": bound, "ok": growth < bound,
                        "per_minute": round(slope * 60, 3)})
    return results


def plot(path: str, samples: list[dict[str, float]], warmup: float) -> None:
    """Three panels over time: resident memory, open descriptors, threads; server and workers."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [s["t"] for s in samples]
    panels = [("resident memory (MiB)", "serve_rss_mb", "workers_rss_mb"),
              ("open descriptors", "serve_fds", "workers_fds"),
              ("threads", "serve_threads", "workers_threads")]
    figure, axes = plt.subplots(3, 1, figsize=(10, 9), sharex=True)
    for axis, (title, serve, workers) in zip(axes, panels):
        axis.plot(t, [s[serve] for s in samples], marker="o", markersize=3, label="sluice serve")
        axis.plot(t, [s[workers] for s in samples], marker=".", markersize=3, linestyle="--",
                  label="workers (sum)")
        axis.axvline(warmup, color="grey", linewidth=0.8, linestyle=":", label="end of warm-up")
        axis.set_ylabel(title)
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
        axis.legend(loc="upper left", fontsize=8)
    axes[-1].set_xlabel("seconds since the load started")
    figure.suptitle("sluice soak: sampled every 10 s from /proc")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
