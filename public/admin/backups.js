// Backups: back up now (tables and codec, as a backup run), every complete backup with its size,
// duration and the run that made it, a download link per table file, and restore a table (or
// dry-run it) as a job.
import { api, bytes, downloadLink, el, say, sayFailure, send, start, tables, when } from "./admin.js";

function queued(what, run) {
  const status = document.getElementById("status");
  status.className = "ok";
  status.replaceChildren(`${what} queued as `, el("a", { href: `job.html?id=${run.id}`, id: "run-link" }, `run ${run.id}`));
}

async function restore(backup, table, dryRun) {
  const what = `${table} from backup ${backup}`;
  if (!dryRun && !confirm(`Replace the live ${table} table with ${what}?`)) return;
  try {
    queued(`${dryRun ? "dry run of" : "restore of"} ${what}`, await send("/api/v1/restores", { table, backup, dryRun }));
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

/** The cells every row of a backup starts with (filled on its first row only). */
function backupCells(backup, first) {
  if (!first) return [el("td"), el("td")];
  const total = backup.tables.reduce((sum, entry) => sum + entry.bytes, 0);
  return [
    el("td", {}, el("strong", {}, backup.id), el("br"), when(backup.snapshotTime), el("br"), `${bytes(total)} ${backup.codec}${writtenIn(backup.seconds)}`),
    el(
      "td",
      {},
      backup.runID ? el("a", { href: `job.html?id=${backup.runID}`, class: "backup-run" }, `run ${backup.runID}`) : "sluice backup",
      el("br"),
      el("span", { class: "backup-host", title: `store ${backup.store}` }, `on ${backup.host}`),
    ),
  ];
}

function tableRow(backup, entry, index) {
  const path = `/api/v1/backups/${encodeURIComponent(backup.id)}/files/${encodeURIComponent(entry.table)}`;
  return el(
    "tr",
    { "data-backup": backup.id, "data-table": entry.table },
    backupCells(backup, index === 0),
    el("td", {}, entry.table),
    el("td", { class: "number" }, entry.rows),
    el("td", { class: "number" }, bytes(entry.bytes)),
    el("td", {}, downloadLink(path, `${backup.id}-${entry.file}`, entry.file, { class: "download" })),
    el(
      "td",
      { class: "actions" },
      el("button", { class: "dry-run", "data-needs": "admin", onclick: () => restore(backup.id, entry.table, true) }, "Dry run"),
      el("button", { class: "restore", "data-needs": "admin", onclick: () => restore(backup.id, entry.table, false) }, "Restore"),
    ),
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
});
