"""The Schedules page in a real headless Chromium: a nightly backup created with the form (its
preview crossing the night the clocks go forward), run now, its files downloaded from the Backups
page and read with fastavro, edited and deleted. A screenshot of each step is kept under
$SLUICE_ARTIFACTS (default .build/test-artifacts/ui)."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select

from test_admin_ui import (  # noqa: F401
    avro_rows,
    browser,
    download,
    no_script_errors,
    run_now_and_follow,
    screenshot,
    sign_in,
    summary_values,
    wait,
)


def set_value(browser, element_id, value):
    """Sets a field the way typing does (date and time inputs take no keys in a portable way)."""
    browser.execute_script(
        "const f = document.getElementById(arguments[0]); f.value = arguments[1];"
        "f.dispatchEvent(new Event('input', {bubbles: true}));",
        element_id, value,
    )


def test_a_nightly_backup_is_created_previewed_run_edited_and_deleted_in_the_form(browser, admin_site, tmp_path):
    sign_in(browser, admin_site, "schedules.html")
    wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-name="nightly-backup"]')))
    browser.find_element(By.ID, "new-schedule").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#backup-tables input"))
    browser.find_element(By.ID, "name").send_keys("madrid-nightly")
    for table in ("departments", "jobs"):
        browser.find_element(By.CSS_SELECTOR, f'#backup-tables input[value="{table}"]').click()
    Select(browser.find_element(By.ID, "preset")).select_by_value("nightly")
    set_value(browser, "at", "02:30")
    Select(browser.find_element(By.ID, "timezone")).select_by_value("Europe/Madrid")
    set_value(browser, "preview-from", "2027-03-26")
    # 02:30 does not exist on 28 March 2027 in Madrid: that night's run is at 03:00 CEST.
    wait(browser, lambda b: "28 Mar 2027, 03:00" in b.find_element(By.ID, "preview").text)
    preview = browser.find_element(By.ID, "preview").text
    assert "27 Mar 2027, 02:30" in preview and "29 Mar 2027, 02:30" in preview, preview
    # The scheduler's rule: a time in the gap fires once, at the first instant after it (01:00 UTC).
    for instant in ("2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z"):
        assert instant in preview, preview
    screenshot(browser, "schedules-form")
    browser.find_element(By.CSS_SELECTOR, '#schedule-form button[type="submit"]').click()
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]')))
    wait(browser, lambda b: "every night at 02:30" in b.find_element(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]').text)
    stored = requests.get(
        f"{admin_site['url']}/api/v1/schedules/madrid-nightly", headers={"Authorization": f"Bearer {admin_site['key']}"}
    ).json()
    assert stored["schedule"] == "30 2 * * *" and stored["timezone"] == "Europe/Madrid", stored
    assert stored["params"]["tables"] == ["departments", "jobs"] and stored["source"] == "database", stored
    screenshot(browser, "schedules-created")

    run = run_now_and_follow(browser, admin_site, "madrid-nightly")
    assert sorted(summary_values(browser, "table")) == ["departments", "jobs"]
    screenshot(browser, "schedules-run")

    browser.get(f"{admin_site['url']}/admin/backups.html")
    made = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, f'a.backup-run[href="job.html?id={run}"]')))
    backup = made.find_element(By.XPATH, "./ancestor::tr").get_attribute("data-backup")
    for table in ("departments", "jobs"):
        link = browser.find_element(By.CSS_SELECTOR, f'tr[data-backup="{backup}"][data-table="{table}"] a.download')
        records = avro_rows(download(browser, link, tmp_path / table))
        assert len(records) == int(admin_site["database"].sql(f"SELECT COUNT(*) FROM {table}")) > 0, table
    screenshot(browser, "schedules-backup-downloaded")

    browser.get(f"{admin_site['url']}/admin/schedules.html")
    row = wait(browser, ready.presence_of_element_located((By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]')))
    wait(browser, lambda b: "succeeded" in b.find_element(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]').text)
    row.find_element(By.CSS_SELECTOR, "button.edit").click()
    # The form's own default is 02:30 too: wait for the stored definition to fill it.
    wait(
        browser,
        lambda b: b.find_element(By.ID, "form-title").text == "Edit madrid-nightly"
        and b.find_element(By.ID, "at").get_attribute("value") == "02:30",
    )
    assert browser.find_element(By.ID, "timezone").get_attribute("value") == "Europe/Madrid"
    set_value(browser, "at", "03:15")
    set_value(browser, "offsite", "s3-backups:sluice/nightly")
    wait(browser, lambda b: "03:15" in b.find_element(By.ID, "preview").text)
    browser.find_element(By.CSS_SELECTOR, '#schedule-form button[type="submit"]').click()
    wait(browser, lambda b: "every night at 03:15" in b.find_element(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]').text)
    stored = requests.get(
        f"{admin_site['url']}/api/v1/schedules/madrid-nightly", headers={"Authorization": f"Bearer {admin_site['key']}"}
    ).json()
    assert stored["params"]["offsite"] == "s3-backups:sluice/nightly", stored
    browser.find_element(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"] button.edit').click()
    wait(browser, lambda b: b.find_element(By.ID, "offsite").get_attribute("value") == "s3-backups:sluice/nightly")
    screenshot(browser, "schedules-edited")

    browser.find_element(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"] button.delete').click()
    browser.switch_to.alert.accept()
    wait(browser, lambda b: not b.find_elements(By.CSS_SELECTOR, 'tr[data-name="madrid-nightly"]'))
    assert "deleted" in browser.find_element(By.ID, "status").text
    screenshot(browser, "schedules-deleted")
    no_script_errors(browser)
