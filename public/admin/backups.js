// Backups: back up now (tables and codec, as a backup run), every complete backup with its size,
// duration and the run that made it, a download link per table file, and restore a table (or
// dry-run it) as a job; then the backups on the server's off-site remote, restorable from there.
import { api, APIFailure, bytes, downloadLink, el, failureText, say, sayFailure, send, start, tables, when } from "./admin.js";

function queued(what, run) {
  const status = document.getElementById("status");
  status.className = "ok";
  status.replaceChildren(`${what} queued as `, el("a", { href: `job.html?id=${run.id}`, id: "run-link" }, `run ${run.id}`));
}

/** Queues the restore (or dry run) of `table` from `backup`, read from the `offsite` remote when one is given. */
async function restore(backup, table, dryRun, offsite) {
  const what = `${table} from backup ${backup}${offsite ? ` on ${offsite}` : ""}`;
  if (!dryRun && !confirm(`Replace the live ${table} table with ${what}?`)) return;
  const body = offsite ? { table, backup, dryRun, offsite } : { table, backup, dryRun };
  try {
    queued(`${dryRun ? "dry run of" : "restore of"} ${what}`, await send("/api/v1/restores", body));
  } catch (error) {
    sayFailure(error);
  }
}

async function backUpNow(event) {
  event.preventDefault();
  const chosen = [...document.querySelectorAll("#backup-tables input:checked")].map((box) => box.value);
  const params = { codec: document.getElementById("codec").value };
  if (chosen.length) params.tables = chosen;
  try {
    queued(`backup of ${chosen.length ? chosen.join(", ") : "every table"}`, await send("/api/v1/jobs", { kind: "backup", params }));
  } catch (error) {
    sayFailure(error);
  }
}

/** "written in 12.3 s", or "" for a backup that did not record it. */
function writtenIn(seconds) {
  if (seconds == null) return "";
  return `, written in ${seconds < 0.1 ? "< 0.1" : seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}

/** A backup's id, snapshot time, size and codec, then `extra`: the first cell of its first row. */
function backupSummary(backup, extra = "") {
  const total = backup.tables.reduce((sum, entry) => sum + entry.bytes, 0);
  return el("td", {}, el("strong", {}, backup.id), el("br"), when(backup.snapshotTime), el("br"), `${bytes(total)} ${backup.codec}${extra}`);
}

/** The cells every row of a backup starts with (filled on its first row only). */
function backupCells(backup, first) {
  if (!first) return [el("td"), el("td")];
  return [
    backupSummary(backup, writtenIn(backup.seconds)),
    el(
      "td",
      {},
      backup.runID ? el("a", { href: `job.html?id=${backup.runID}`, class: "backup-run" }, `run ${backup.runID}`) : "sluice backup",
      el("br"),
      el("span", { class: "backup-host", title: `store ${backup.store}` }, `on ${backup.host}`),
    ),
  ];
}

/** A table's name, rows and size in a backup. */
function tableCells(entry) {
  return [el("td", {}, entry.table), el("td", { class: "number" }, entry.rows), el("td", { class: "number" }, bytes(entry.bytes))];
}

/** The dry run and restore buttons of one table of a backup (`offsite`: the remote holding it). */
function restoreButtons(backup, table, offsite) {
  return el(
    "td",
    { class: "actions" },
    el("button", { class: "dry-run", "data-needs": "admin", onclick: () => restore(backup, table, true, offsite) }, "Dry run"),
    el("button", { class: "restore", "data-needs": "admin", onclick: () => restore(backup, table, false, offsite) }, "Restore"),
  );
}

function tableRow(backup, entry, index) {
  const path = `/api/v1/backups/${encodeURIComponent(backup.id)}/files/${encodeURIComponent(entry.table)}`;
  return el(
    "tr",
    { "data-backup": backup.id, "data-table": entry.table },
    backupCells(backup, index === 0),
    tableCells(entry),
    el("td", {}, downloadLink(path, `${backup.id}-${entry.file}`, entry.file, { class: "download" })),
    restoreButtons(backup.id, entry.table),
  );
}

/** One table of a backup on the remote (the backup's summary on its first row only). */
function offsiteRow(remote, backup, entry, index) {
  return el(
    "tr",
    { "data-backup": backup.id, "data-table": entry.table },
    index === 0 ? backupSummary(backup) : el("td"),
    tableCells(entry),
    restoreButtons(backup.id, entry.table, remote),
  );
}

/** The section of the server's off-site remote: hidden when it has none, its failure shown when rclone cannot list it. */
async function showOffsite() {
  const section = document.getElementById("offsite");
  const status = document.getElementById("offsite-status");
  let listing;
  try {
    listing = await api("/api/v1/offsite/backups");
  } catch (error) {
    if (error instanceof APIFailure && error.code === "offsite_not_configured") return;
    section.hidden = false;
    status.className = "error";
    status.textContent = failureText(error);
    return;
  }
  section.hidden = false;
  document.getElementById("offsite-remote").textContent = listing.remote;
  status.textContent = listing.items.length ? `${listing.items.length} backups off site` : "no backups off site yet";
  document.querySelector("#offsite-backups tbody").replaceChildren(
    ...listing.items.flatMap((backup) => backup.tables.map((entry, index) => offsiteRow(listing.remote, backup, entry, index))),
  );
}

start(async () => {
  document.getElementById("backup-tables").replaceChildren(
    ...(await tables()).map((name) => el("label", { class: "inline" }, el("input", { type: "checkbox", value: name }), name)),
  );
  document.getElementById("backup-form").addEventListener("submit", backUpNow);
  const backups = (await api("/api/v1/backups")).items;
  document.querySelector("#backups tbody").replaceChildren(
    ...backups.flatMap((backup) => backup.tables.map((entry, index) => tableRow(backup, entry, index))),
  );
  say(backups.length ? `${backups.length} backups` : "no backups yet: back up now, or let a backup schedule make one");
  await showOffsite();
});
