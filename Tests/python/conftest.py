"""Fixtures for the independent Python checks: a `sluice serve` process over a fresh database.

The test runner (Tests/run-tests.sh) exports SLUICE_BIN and SLUICE_TEST_DATABASE_URL; nothing
here imports or mocks Sluice: it is driven over HTTP like any client.
"""
import os
import re
import subprocess
import uuid
from urllib.parse import urlparse, parse_qs

import pytest


def _socket(url: str) -> str:
    return parse_qs(urlparse(url).query)["socket"][0]


@pytest.fixture(scope="session")
def server():
    base_url = os.environ["SLUICE_TEST_DATABASE_URL"]
    name = "py_" + uuid.uuid4().hex[:16]
    socket = _socket(base_url)
    mariadb = ["mariadb", "--no-defaults", f"--socket={socket}"]
    subprocess.run(mariadb + ["-e", f"CREATE DATABASE {name} CHARACTER SET utf8mb4"], check=True)
    url = base_url.replace("/sluice?", f"/{name}?")
    env = dict(os.environ, SLUICE_DATABASE_URL=url)
    process = subprocess.Popen(
        [os.environ["SLUICE_BIN"], "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    text = ""
    while "serving at" not in text:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("sluice serve did not start: " + text)
        text += line
    port = re.search(r"127\.0\.0\.1:(\d+)", text).group(1)
    key = re.search(r"slk_\S+", text).group(0)
    subprocess.run(mariadb + [name, "-e", "INSERT INTO departments VALUES (1,'D1'); INSERT INTO jobs VALUES (1,'J1')"], check=True)
    yield {"url": f"http://127.0.0.1:{port}", "key": key, "database": name, "mariadb": mariadb}
    process.terminate()
    process.wait(timeout=30)
    subprocess.run(mariadb + ["-e", f"DROP DATABASE {name}"], check=True)
