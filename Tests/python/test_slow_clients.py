"""Slow clients starve no one: 200 unauthenticated connections that trickle a request head, from
four client addresses (each under the per-address limit), while an authenticated client's requests
still answer with p99 under 1 s and the server stays under 200 MB resident."""
import socket
import threading
import time

import requests

from conftest import Database, serve, stop

SLOW_CONNECTIONS = 200
ADDRESSES = [f"127.0.0.{n}" for n in range(2, 6)]


def resident_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def open_slow(url_port: int, index: int) -> socket.socket:
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    connection.bind((ADDRESSES[index % len(ADDRESSES)], 0))
    connection.connect(("127.0.0.1", url_port))
    connection.sendall(b"GET /api/v1/jobs HTTP/1.1\r\nHost: sluice\r\n")
    return connection


def test_two_hundred_slow_connections_starve_no_authenticated_client():
    database = Database()
    process, url, key = serve(database, "--no-scheduler")
    port = int(url.rsplit(":", 1)[1])
    slow = [open_slow(port, index) for index in range(SLOW_CONNECTIONS)]
    trickling = threading.Event()

    def trickle():
        while not trickling.wait(1):
            for connection in slow:
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    trickler = threading.Thread(target=trickle)
    trickler.start()
    try:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {key}"
        latencies = []
        peak = 0.0
        for _ in range(200):
            started = time.monotonic()
            answer = session.get(f"{url}/api/v1/jobs?limit=5", timeout=10)
            latencies.append(time.monotonic() - started)
            assert answer.status_code == 200
            peak = max(peak, resident_mib(process.pid))
        latencies.sort()
        p99 = latencies[int(len(latencies) * 0.99) - 1]
        held = sum(1 for connection in slow if still_open(connection))
        print(f"PERF 200 slow connections ({held} held): p50 {latencies[100] * 1000:.1f} ms, "
              f"p99 {p99 * 1000:.1f} ms, peak resident {peak:.0f} MiB")
        assert held == SLOW_CONNECTIONS
        assert p99 < 1.0
        assert peak < 200
    finally:
        trickling.set()
        trickler.join()
        for connection in slow:
            connection.close()
        stop(process)
        database.drop()


def still_open(connection: socket.socket) -> bool:
    """Whether the server still holds the connection (nothing to read, not closed)."""
    connection.setblocking(False)
    try:
        return connection.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        connection.setblocking(True)
