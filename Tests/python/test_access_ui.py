"""Accounts and roles in a real headless Chromium: a viewer cannot upload or run (the buttons are
absent and the API answers 403), an operator creates a schedule, an admin restores a table, and
each action appears on the Audit page with its actor. Screenshots of the sign-in, Access and
Audit pages, and of the Schedules and Upload pages as a viewer sees them, are kept under $SLUICE_ARTIFACTS (default .build/test-artifacts/ui)."""
import os
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select

from test_admin_ui import browser, no_script_errors, sign_in, wait  # noqa: F401
from test_schedules_ui import screenshot


def api_status_in_browser(browser, method, path):
    """The status of `method path` sent by the page itself, with its cookie and CSRF token."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/v1/session').then(r => r.json()).then(me => fetch(arguments[1], "
        "{method: arguments[0], headers: {'X-CSRF-Token': me.csrfToken, 'Content-Type': 'application/json'}, body: '{}'}))"
        ".then(r => done(r.status), e => done(String(e)));",
        method, path,
    )


def test_the_sign_in_page(browser, admin_site):
    browser.delete_all_cookies()
    browser.get(f"{admin_site['url']}/admin/index.html")
    wait(browser, ready.visibility_of_element_located((By.ID, "sign-in")))
    assert not browser.find_element(By.CSS_SELECTOR, "#above-mean").is_displayed()
    screenshot(browser, "sign-in")


def test_a_viewer_can_neither_upload_nor_run(browser, admin_site):
    sign_in(browser, admin_site, "schedules.html", user="vera")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-name="nightly-backup"]')))
    assert browser.find_elements(By.CSS_SELECTOR, "button.run, button.toggle, button.edit, button.delete") == []
    assert not browser.find_element(By.ID, "new-schedule").is_displayed()
    assert api_status_in_browser(browser, "POST", "/api/v1/schedules/nightly-backup/run") == 403
    screenshot(browser, "viewer-schedules")
    browser.get(f"{admin_site['url']}/admin/upload.html")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#uploads thead"))
    assert not browser.find_element(By.ID, "upload-form").is_displayed()
    assert api_status_in_browser(browser, "POST", "/api/v1/uploads") == 403
    screenshot(browser, "viewer-upload")
    nav = browser.find_element(By.TAG_NAME, "nav").text
    assert "Access" not in nav and "Audit" not in nav and "vera (viewer)" in nav
    no_script_errors(browser)


def test_an_operator_creates_a_schedule(browser, admin_site):
    sign_in(browser, admin_site, "schedules.html", user="otto")
    browser.find_element(By.ID, "new-schedule").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#backup-tables input"))
    browser.find_element(By.ID, "name").send_keys("otto-nightly")
    browser.find_element(By.CSS_SELECTOR, '#backup-tables input[value="jobs"]').click()
    Select(browser.find_element(By.ID, "preset")).select_by_value("nightly")
    browser.find_element(By.CSS_SELECTOR, '#schedule-form button[type="submit"]').click()
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-name="otto-nightly"]')))
    assert api_status_in_browser(browser, "POST", "/api/v1/restores") == 403
    no_script_errors(browser)


def test_an_admin_restores_and_manages_access(browser, admin_site):
    database = admin_site["database"]
    subprocess.run(
        [os.environ["SLUICE_BIN"], "backup", "--table", "departments", "--database-url", database.url,
         "--data-dir", admin_site["folder"]],
        check=True, capture_output=True,
    )
    sign_in(browser, admin_site, "backups.html", user="ada")
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-table="departments"]')))
    row.find_element(By.CSS_SELECTOR, "button.restore").click()
    browser.switch_to.alert.accept()
    wait(browser, ready.presence_of_element_located((By.ID, "run-link"))).click()
    wait(browser, lambda b: "succeeded" in b.find_element(By.ID, "run").text, 60)

    browser.get(f"{admin_site['url']}/admin/access.html")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, '#users tr[data-name="vera"]')))
    browser.find_element(By.ID, "key-name").send_keys("nightly robot")
    browser.find_element(By.CSS_SELECTOR, '#key-scopes input[value="ingest"]').click()
    browser.find_element(By.CSS_SELECTOR, '#key-scopes input[value="operator"]').click()
    browser.find_element(By.CSS_SELECTOR, "#key-form button").click()
    wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, "#new-key code").text.startswith("slk_"))
    # The tables are drawn again after each change: look rows and buttons up afresh until they hold.
    robot = wait(browser, lambda b: next(
        (row.text for row in b.find_elements(By.CSS_SELECTOR, "#keys tbody tr") if "nightly robot" in row.text), None))
    assert "operator" in robot and "never" in robot
    wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, '#users tr[data-name="vera"] button.disable').click() is None)
    wait(browser, lambda b: "disabled" in b.find_element(By.CSS_SELECTOR, '#users tr[data-name="vera"]').text)
    wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, '#users tr[data-name="vera"] button.enable').click() is None)
    wait(browser, lambda b: "active" in b.find_element(By.CSS_SELECTOR, '#users tr[data-name="vera"]').text)
    screenshot(browser, "access")
    no_script_errors(browser)


def test_each_action_is_on_the_audit_page_with_its_actor(browser, admin_site):
    sign_in(browser, admin_site, "audit.html", user="ada")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#audit tbody tr"))
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#audit tbody tr")]

    def seen(actor, action, outcome="ok"):
        return any(f"{actor} (" in row and f" {action} " in f" {row} " and outcome in row for row in rows)

    assert seen("vera", "run.submit", "forbidden"), rows
    assert seen("vera", "upload", "forbidden"), rows
    assert seen("otto", "schedule.create"), rows
    assert seen("otto", "restore", "forbidden"), rows
    assert seen("ada", "restore"), rows
    assert seen("ada", "key.create") and seen("ada", "user.disable") and seen("ada", "user.enable"), rows
    assert seen("vera", "session.sign_in") and seen("otto", "session.sign_in"), rows
    screenshot(browser, "audit")
    browser.find_element(By.CSS_SELECTOR, '#filters input[name="actor"]').send_keys("otto")
    browser.find_element(By.CSS_SELECTOR, "#filters button").click()
    wait(browser, lambda b: all("otto (" in row.text for row in b.find_elements(By.CSS_SELECTOR, "#audit tbody tr")))
    no_script_errors(browser)
