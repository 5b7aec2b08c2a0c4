// Backups: every complete backup with its tables; restore a table (or dry-run it) as a job.
import { api, bytes, el, say, sayFailure, send, start, when } from "./admin.js";

async function restore(backup, table, dryRun) {
  const what = `${table} from backup ${backup}`;
  if (!dryRun && !confirm(`Replace the live ${table} table with ${what}?`)) return;
  try {
    const run = await send("/api/v1/restores", { table, backup, dryRun });
    const status = document.getElementById("status");
    status.className = "ok";
    status.replaceChildren(`${dryRun ? "dry run of" : "restore of"} ${what} queued as `, el("a", { href: `job.html?id=${run.id}`, id: "run-link" }, `run ${run.id}`));
  } catch (error) {
    sayFailure(error);
  }
}

start(async () => {
  const backups = (await api("/api/v1/backups")).items;
  const rows = backups.flatMap((backup) =>
    backup.tables.map((entry, index) =>
      el(
        "tr",
        { "data-backup": backup.id, "data-table": entry.table },
        el("td", {}, index === 0 ? [el("strong", {}, backup.id), el("br"), when(backup.snapshotTime)] : ""),
        el("td", {}, index === 0 ? backup.codec : ""),
        el("td", {}, entry.table),
        el("td", { class: "number" }, entry.rows),
        el("td", { class: "number" }, bytes(entry.bytes)),
        el(
          "td",
          {},
          el("button", { class: "dry-run", "data-needs": "admin", onclick: () => restore(backup.id, entry.table, true) }, "Dry run"),
          " ",
          el("button", { class: "restore", "data-needs": "admin", onclick: () => restore(backup.id, entry.table, false) }, "Restore"),
        ),
      ),
    ),
  );
  document.querySelector("#backups tbody").replaceChildren(...rows);
  say(backups.length ? `${backups.length} backups` : "no backups yet: the nightly-backup schedule makes one, or run it now");
});
