"""The admin pages in a real headless Chromium (Debian's chromium and chromium-driver): sign in,
the dashboard's charts and tables, running a schedule, following a run, backups, their downloads
and restores, a migration's rejects and their CSV."""
import io
import os
import pathlib
import shutil
import subprocess

import fastavro
import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait


ARTIFACTS = pathlib.Path(
    os.environ.get("SLUICE_ARTIFACTS", pathlib.Path(__file__).resolve().parents[2] / ".build/test-artifacts/ui")
)


def screenshot(browser, name):
    """Saves the whole page as ARTIFACTS/name.png, for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1280, max(900, min(height + 50, 4000)))
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    browser.set_window_size(1280, 900)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def wait(browser, condition, seconds=30):
    """Waits for `condition`; an element the page re-rendered meanwhile is looked up again."""
    return WebDriverWait(browser, seconds, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def signed_in_as(browser):
    """The name shown in the navigation, or None on the sign-in form."""
    who = browser.find_elements(By.ID, "who")
    return who[0].text.split(" ")[0] if who else None


def sign_in(browser, site, page="index.html", user="ada"):
    """Opens `page` signed in as `user` (an admin by default), signing out whoever else is in."""
    browser.get(f"{site['url']}/admin/{page}")
    wait(browser, lambda b: b.find_elements(By.ID, "who") or b.find_elements(By.ID, "sign-in"))
    if signed_in_as(browser) not in (None, user):
        browser.find_element(By.ID, "sign-out").click()
        wait(browser, lambda b: b.find_elements(By.ID, "sign-in"))
    if browser.find_elements(By.ID, "sign-in"):
        browser.find_element(By.ID, "name").send_keys(user)
        browser.find_element(By.ID, "password").send_keys(site["password"])
        browser.find_element(By.CSS_SELECTOR, "#sign-in button").click()
        wait(browser, lambda b: signed_in_as(b) == user)


def download(browser, link, folder):
    """Clicks a download link and returns the bytes Chromium saved, once the file is whole."""
    folder.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    path = folder / link.get_attribute("download")
    link.click()
    wait(browser, lambda b: path.exists() and not path.with_name(path.name + ".crdownload").exists(), 60)
    return path.read_bytes()


def avro_rows(data):
    """The records of an Avro file's bytes, read by fastavro."""
    return list(fastavro.reader(io.BytesIO(data)))


def no_script_errors(browser):
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and e["source"] != "network"]
    assert errors == [], errors


def test_a_wrong_password_or_key_is_refused_with_its_code(browser, admin_site):
    browser.get(f"{admin_site['url']}/admin/index.html")
    browser.find_element(By.ID, "name").send_keys("ada")
    browser.find_element(By.ID, "password").send_keys("not her password")
    browser.find_element(By.CSS_SELECTOR, "#sign-in button").click()
    wait(browser, lambda b: "invalid_credentials" in b.find_element(By.ID, "status").text)
    browser.find_element(By.CSS_SELECTOR, "#use-key summary").click()
    browser.find_element(By.ID, "api-key").send_keys("slk_nope_nope")
    browser.find_element(By.CSS_SELECTOR, "#key-sign-in button").click()
    wait(browser, lambda b: "unauthorized" in b.find_element(By.ID, "status").text)


def test_a_script_may_still_sign_in_with_a_key(browser, admin_site):
    browser.get(f"{admin_site['url']}/admin/jobs.html")
    browser.find_element(By.CSS_SELECTOR, "#use-key summary").click()
    browser.find_element(By.ID, "api-key").send_keys(admin_site["key"])
    browser.find_element(By.CSS_SELECTOR, "#key-sign-in button").click()
    wait(browser, lambda b: signed_in_as(b) == "first")
    browser.find_element(By.ID, "sign-out").click()
    wait(browser, lambda b: b.find_elements(By.ID, "sign-in"))


def test_the_dashboard_charts_the_challenge_year(browser, admin_site):
    sign_in(browser, admin_site)
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#above-mean tbody tr")) == 7)
    first = browser.find_element(By.CSS_SELECTOR, "#above-mean tbody tr").text
    assert "Support" in first and "216" in first
    charts = browser.execute_script(
        "return ['quarters-chart', 'above-mean-chart'].map(id => Chart.getChart(id)?.data.datasets.length)"
    )
    assert charts == [4, 1]
    colours = browser.execute_script(
        "return Chart.getChart('quarters-chart').data.datasets.map(d => d.backgroundColor)"
    )
    assert len(set(colours)) == 4, "each quarter has its own colour"
    quarter_cells = browser.find_elements(By.CSS_SELECTOR, "#quarters tbody tr:first-child td.number")
    assert len(quarter_cells) == 4 and all(cell.text.isdigit() for cell in quarter_cells)
    total = browser.execute_script(
        "return Chart.getChart('above-mean-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)"
    )
    assert total == sum(int(row.text.split()[-1]) for row in browser.find_elements(By.CSS_SELECTOR, "#above-mean tbody tr"))
    browser.find_element(By.ID, "year").clear()
    browser.find_element(By.ID, "year").send_keys("1999")
    browser.find_element(By.CSS_SELECTOR, "#year-form button").click()
    wait(browser, lambda b: b.find_element(By.ID, "status").text.startswith("1999"))
    assert browser.find_elements(By.CSS_SELECTOR, "#above-mean tbody tr") == []
    no_script_errors(browser)


def run_now_and_follow(browser, site, name):
    """Clicks "Run now" on the Schedules page's row `name`, opens the run's page and waits until it
    succeeded; returns the run's id."""
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-name="{name}"]')))
    row.find_element(By.CSS_SELECTOR, "button.run").click()
    wait(browser, lambda b: "queued as run" in b.find_element(By.ID, "status").text)
    run = browser.find_element(By.ID, "status").text.split()[-1]
    browser.get(f"{site['url']}/admin/job.html?id={run}")
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)
    return run


def summary_values(browser, field):
    """The values of every `field` shown in the run page's summary, in order."""
    return browser.execute_script(
        "return [...document.querySelectorAll('#summary dt')].filter(dt => dt.textContent === arguments[0])"
        ".map(dt => dt.nextElementSibling.textContent)",
        field,
    )


def test_a_schedule_runs_now_and_its_run_is_followed_to_the_end(browser, admin_site):
    sign_in(browser, admin_site, "schedules.html")
    run = run_now_and_follow(browser, admin_site, "nightly-backup")
    assert summary_values(browser, "rows") == ["12", "183", "1929"]
    assert "backup" in browser.find_element(By.ID, "log").text
    browser.get(f"{admin_site['url']}/admin/jobs.html")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-id="{run}"]')))
    no_script_errors(browser)


def test_a_table_is_restored_from_a_backup_through_the_page(browser, admin_site):
    database = admin_site["database"]
    subprocess.run(
        [os.environ["SLUICE_BIN"], "backup", "--table", "jobs", "--database-url", database.url, "--data-dir", admin_site["folder"]],
        check=True, capture_output=True,
    )
    sign_in(browser, admin_site, "backups.html")
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-table="jobs"]')))
    database.sql("DELETE FROM jobs WHERE id NOT IN (SELECT job_id FROM hired_employees)")
    before = database.sql("SELECT COUNT(*) FROM jobs")
    row.find_element(By.CSS_SELECTOR, "button.restore").click()
    browser.switch_to.alert.accept()
    link = wait(browser, ready.presence_of_element_located((By.ID, "run-link")))
    link.click()
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)
    assert int(database.sql("SELECT COUNT(*) FROM jobs")) == 183 > int(before)
    no_script_errors(browser)


def test_a_backup_off_site_is_listed_and_dry_run_from_the_remote(browser, admin_site):
    database = admin_site["database"]
    subprocess.run(
        [os.environ["SLUICE_BIN"], "backup", "--table", "departments", "--offsite", admin_site["offsite"],
         "--database-url", database.url, "--data-dir", admin_site["folder"] + "/elsewhere"],
        check=True, capture_output=True, env=dict(os.environ, **admin_site["rclone_env"]),
    )
    sign_in(browser, admin_site, "backups.html")
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, '#offsite-backups tr[data-table="departments"]')))
    assert browser.find_element(By.ID, "offsite-remote").text == admin_site["offsite"]
    screenshot(browser, "backups-offsite")
    row.find_element(By.CSS_SELECTOR, "button.dry-run").click()
    link = wait(browser, ready.presence_of_element_located((By.ID, "run-link")))
    assert admin_site["offsite"] in browser.find_element(By.ID, "status").text
    link.click()
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)
    no_script_errors(browser)


def test_an_uploaded_csv_is_migrated_and_its_rejects_shown(browser, admin_site, tmp_path):
    csv = tmp_path / "new jobs.csv"
    csv.write_text("1001,Alchemist\n1002,Bard\n1003,\n")
    sign_in(browser, admin_site, "upload.html")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, '#table option[value="jobs"]')))
    browser.find_element(By.CSS_SELECTOR, '#table option[value="jobs"]').click()
    browser.find_element(By.ID, "file").send_keys(str(csv))
    browser.find_element(By.CSS_SELECTOR, "#upload-form button").click()
    link = wait(browser, ready.presence_of_element_located((By.ID, "run-link")))
    assert "uploaded as #" in browser.find_element(By.ID, "status").text
    assert "new jobs.csv" in browser.find_element(By.ID, "uploads").text
    link.click()
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)
    rows = wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#rejects tbody tr"))
    assert len(rows) == 1 and "required" in rows[0].text and "1003," in rows[0].text
    lines = download(browser, browser.find_element(By.ID, "rejects-csv"), tmp_path / "rejects").decode().splitlines()
    assert lines[0] == "id,job,line,column,rule,reason" and lines[1].startswith("1003,,3,job,required,"), lines
    assert len(lines) == 2
    screenshot(browser, "job-rejects")
    assert admin_site["database"].sql("SELECT job FROM jobs WHERE id IN (1001, 1002) ORDER BY id") == "Alchemist\nBard"
    no_script_errors(browser)


def quarter_four(site, department, job):
    """Q4 hires of 2021 for one department and job, from the report the dashboard reads."""
    rows = requests.get(
        f"{site['url']}/api/v1/reports/hires-by-quarter?year=2021",
        headers={"Authorization": f"Bearer {site['key']}"}, timeout=30,
    ).json()
    return sum(row["Q4"] for row in rows if row["department"] == department and row["job"] == job)


def open_row(browser, site, table, key):
    sign_in(browser, site, f"data.html?table={table}")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, "#filters input[name=id]")))
    browser.find_element(By.CSS_SELECTOR, "#filters input[name=id]").send_keys(key)
    browser.find_element(By.CSS_SELECTOR, "#filters button").click()
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#rows tbody tr")) == 1)
    browser.find_element(By.CSS_SELECTOR, f'#rows tr[data-id="{key}"] a.open-row').click()
    wait(browser, lambda b: b.find_element(By.ID, "editor").is_displayed())


def set_field(browser, column, value):
    field = browser.find_element(By.CSS_SELECTOR, f'#row-form [data-column="{column}"] input')
    field.clear()
    field.send_keys(value)
    browser.find_element(By.ID, "save").click()


def test_a_hire_is_moved_to_another_department_on_the_data_page(browser, admin_site):
    database = admin_site["database"]
    department, job = database.sql(
        "SELECT d.department, j.job FROM hired_employees h JOIN departments d ON d.id = 3 JOIN jobs j ON j.id = h.job_id "
        "WHERE h.id = 1"
    ).split("\t")
    before = quarter_four(admin_site, department, job)
    open_row(browser, admin_site, "hired_employees", "1")
    rules = browser.find_element(By.CSS_SELECTOR, '#row-form [data-column="department_id"] .rules').text
    assert "must exist in departments.id" in rules
    set_field(browser, "department_id", "999")
    violation = '#row-form [data-column="department_id"] .violation'
    wait(browser, lambda b: "foreign_key" in b.find_element(By.CSS_SELECTOR, violation).text)
    assert database.sql("SELECT department_id FROM hired_employees WHERE id = 1") == "2"
    set_field(browser, "department_id", "3")
    wait(browser, lambda b: "row 1 saved" in b.find_element(By.ID, "status").text)
    assert browser.find_element(By.CSS_SELECTOR, violation).text == ""
    assert database.sql("SELECT department_id FROM hired_employees WHERE id = 1") == "3"
    assert quarter_four(admin_site, department, job) == before + 1
    no_script_errors(browser)


def test_deleting_a_referenced_department_is_explained(browser, admin_site):
    open_row(browser, admin_site, "departments", "1")
    browser.find_element(By.ID, "delete").click()
    browser.switch_to.alert.accept()
    wait(browser, lambda b: "Not deleted" in b.find_element(By.ID, "status").text)
    status = browser.find_element(By.ID, "status").text
    assert "hired_employees" in status and "row_referenced" not in status
    assert admin_site["database"].sql("SELECT COUNT(*) FROM departments WHERE id = 1") == "1"
    no_script_errors(browser)


def test_back_up_now_makes_a_backup_whose_file_downloads(browser, admin_site, tmp_path):
    sign_in(browser, admin_site, "backups.html")
    wait(browser, ready.element_to_be_clickable((By.CSS_SELECTOR, '#backup-tables input[value="jobs"]'))).click()
    Select(browser.find_element(By.ID, "codec")).select_by_visible_text("snappy")
    browser.find_element(By.CSS_SELECTOR, "#backup-form button[type=submit]").click()
    link = wait(browser, ready.presence_of_element_located((By.ID, "run-link")))
    run = link.text.split()[-1]
    link.click()
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)
    browser.get(f"{admin_site['url']}/admin/backups.html")
    made = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, f'a.backup-run[href="job.html?id={run}"]')))
    row = made.find_element(By.XPATH, "./ancestor::tr")
    assert row.get_attribute("data-table") == "jobs" and "snappy" in row.text and "written in" in row.text, row.text
    backup = row.text.split()[0]
    host = admin_site["database"].sql(f"SELECT host_name FROM sluice_backups WHERE id = '{backup}'")
    assert row.find_element(By.CSS_SELECTOR, ".backup-host").text == f"on {host}", row.text
    records = avro_rows(download(browser, row.find_element(By.CSS_SELECTOR, "a.download"), tmp_path))
    assert len(records) == int(admin_site["database"].sql("SELECT COUNT(*) FROM jobs")) > 0
    screenshot(browser, "backups-made-now")
    no_script_errors(browser)
