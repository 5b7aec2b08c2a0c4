"""The Hosts and Architecture pages in a real headless Chromium. Hosts: the server of the
admin_site fixture (API and scheduler in one process), a scheduler killed with SIGKILL (shown down
once its lease passed) and one stopped cleanly (shown stopped). Architecture: its three diagrams,
whose committed SVGs must be what Graphviz renders from their sources today. Screenshots are kept
under $SLUICE_ARTIFACTS (default .build/test-artifacts/ui)."""
import os
import pathlib
import signal
import subprocess

import requests
from selenium.webdriver.common.by import By

from test_admin_ui import browser, no_script_errors, screenshot, sign_in, wait  # noqa: F401

DIAGRAMS = pathlib.Path(__file__).resolve().parents[2] / "public/admin/architecture"


def scheduler(site):
    """A `sluice scheduler` on the site's database with a one-second lease; returns the process."""
    env = dict(os.environ, SLUICE_DATABASE_URL=site["database"].url)
    return subprocess.Popen(
        [os.environ["SLUICE_BIN"], "scheduler", "--data-dir", site["folder"], "--lease", "1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def states(browser):
    """The Hosts table as {pid: (state, roles)}."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#hosts tbody tr")
    result = {}
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        pid = int(cells[0].find_element(By.CLASS_NAME, "note").text.split(" ")[1])
        result[pid] = (row.get_attribute("data-state"), cells[2].text)
    return result


def test_the_hosts_page_shows_up_down_and_stopped_processes(browser, admin_site):
    killed, stopped = scheduler(admin_site), scheduler(admin_site)
    try:
        sign_in(browser, admin_site, "hosts.html")
        wait(browser, lambda b: {killed.pid, stopped.pid} <= set(states(b)), 60)
        shown = states(browser)
        assert ("up", "api, scheduler") in shown.values()
        assert shown[killed.pid] == ("up", "scheduler") and shown[stopped.pid] == ("up", "scheduler")
        killed.send_signal(signal.SIGKILL)
        stopped.terminate()
        assert stopped.wait(timeout=30) == 0
        wait(browser, lambda b: states(b).get(killed.pid, ("",))[0] == "down"
             and states(b).get(stopped.pid, ("",))[0] == "stopped", 60)
        answer = requests.get(
            admin_site["url"] + "/api/v1/hosts", headers={"Authorization": "Bearer " + admin_site["key"]}, timeout=10
        ).json()
        by_pid = {host["pid"]: host for host in answer["items"]}
        assert by_pid[killed.pid]["state"] == "down" and by_pid[killed.pid]["workerCount"] == 0
        assert by_pid[stopped.pid]["stopped"] is not None
        no_script_errors(browser)
        screenshot(browser, "hosts")
    finally:
        killed.kill()
        stopped.kill()
        killed.wait()
        stopped.wait()


def test_the_architecture_page_shows_its_three_diagrams(browser, admin_site):
    sign_in(browser, admin_site, "architecture.html")
    images = browser.find_elements(By.CSS_SELECTOR, "main img")
    assert len(images) == 3
    wait(browser, lambda b: all(b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
                                for image in images))
    no_script_errors(browser)
    screenshot(browser, "architecture")


def test_the_committed_diagrams_are_rendered_from_their_sources():
    sources = sorted(DIAGRAMS.glob("*.dot"))
    assert [source.stem for source in sources] == ["aws", "one-host", "several-hosts"]
    for source in sources:
        rendered = subprocess.run(["dot", "-Tsvg", str(source)], check=True, capture_output=True).stdout
        assert rendered == source.with_suffix(".svg").read_bytes(), f"run `make diagrams`: {source.name} changed"
