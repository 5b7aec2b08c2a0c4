"""Fixtures for the independent Python checks: `sluice serve` processes over fresh databases.

The test runner (Tests/run-tests.sh) exports SLUICE_BIN and SLUICE_TEST_DATABASE_URL; nothing
here imports or mocks Sluice: it is driven over HTTP (and, for the admin pages, through a real
headless Chromium) like any client.
"""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import uuid
from urllib.parse import urlparse, parse_qs

import pytest

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]


def _socket(url: str) -> str:
    return parse_qs(urlparse(url).query)["socket"][0]


class Database:
    """A fresh database on the test server, dropped at the end."""

    def __init__(self):
        base_url = os.environ["SLUICE_TEST_DATABASE_URL"]
        self.name = "py_" + uuid.uuid4().hex[:16]
        self.mariadb = ["mariadb", "--no-defaults", f"--socket={_socket(base_url)}"]
        subprocess.run(self.mariadb + ["-e", f"CREATE DATABASE {self.name} CHARACTER SET utf8mb4"], check=True)
        self.url = base_url.replace("/sluice?", f"/{self.name}?")

    def sql(self, statement: str) -> str:
        return subprocess.run(
            self.mariadb + ["-N", "-B", self.name, "-e", statement], check=True, capture_output=True, text=True
        ).stdout.strip()

    def drop(self):
        subprocess.run(self.mariadb + ["-e", f"DROP DATABASE {self.name}"], check=True)


def serve(database: Database, *arguments: str, env: dict | None = None) -> tuple:
    """Starts `sluice serve` on a free port, with `env` added to its environment; returns the
    process, its URL and the first admin key."""
    env = dict(os.environ, **(env or {}), SLUICE_DATABASE_URL=database.url)
    process = subprocess.Popen(
        [os.environ["SLUICE_BIN"], "serve", "--port", "0", *arguments],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    text = ""
    while "serving at" not in text:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("sluice serve did not start: " + text)
        text += line
    port = re.search(r"127\.0\.0\.1:(\d+)", text).group(1)
    key = re.search(r"slk_\S+", text).group(0)
    return process, f"http://127.0.0.1:{port}", key


def stop(process):
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    database = Database()
    folder = tempfile.mkdtemp(prefix="sluice-api-")
    process, url, key = serve(database, "--no-scheduler", "--data-dir", folder, "--max-upload-bytes", "1000000")
    database.sql("INSERT INTO departments VALUES (1,'D1'); INSERT INTO jobs VALUES (1,'J1')")
    yield {"url": url, "key": key, "database": database.name, "mariadb": database.mariadb}
    stop(process)
    database.drop()
    shutil.rmtree(folder, ignore_errors=True)


# The people of the admin site fixture, by name, with their roles; each has PASSWORD.
USERS = {"ada": "admin", "otto": "operator", "vera": "viewer"}
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def admin_site():
    """A server with the challenge data loaded, its own data directory, its job scheduler, an
    off-site remote (`offsite`: an rclone local-disk remote whose settings are in `rclone_env`), and
    a user of each role (USERS)."""
    database = Database()
    folder = tempfile.mkdtemp(prefix="sluice-ui-")
    common = ["--database-url", database.url, "--data-dir", folder]
    subprocess.run(
        [os.environ["SLUICE_BIN"], "migrate", "--dir", str(REPOSITORY / "Tests/Fixtures/challenge"), *common],
        check=True, capture_output=True,
    )
    rclone_env = {"RCLONE_CONFIG": folder + "/none.conf", "RCLONE_CONFIG_DISK_TYPE": "local"}
    offsite = f"disk:{folder}/offsite"
    process, url, key = serve(database, "--data-dir", folder, "--offsite", offsite, env=rclone_env)
    for name, role in USERS.items():
        subprocess.run(
            [os.environ["SLUICE_BIN"], "users", "create", "--name", name, "--role", role, "--password-stdin", *common],
            input=PASSWORD + "\n", text=True, check=True, capture_output=True,
        )
    yield {
        "url": url, "key": key, "database": database, "folder": folder, "password": PASSWORD,
        "offsite": offsite, "rclone_env": rclone_env,
    }
    stop(process)
    database.drop()
    shutil.rmtree(folder, ignore_errors=True)
