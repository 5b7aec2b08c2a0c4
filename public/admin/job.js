// One run: its fields, summary and log (followed while it runs), a cancel button, and for a
// migration the rows it rejected with their line and every reason, and a link to download them as CSV.
import { api, count, downloadLink, duration, el, fields, say, sayFailure, start, trigger, when } from "./admin.js";

const id = Number(new URLSearchParams(location.search).get("id"));
const FIELDS = [
  ["Job", "job"], ["Kind", "kind"], ["Trigger", "trigger", (_, run) => trigger(run)], ["State", "state"], ["Attempt", "attempt"],
  ["Parameters", "params", fields], ["Enqueued", "enqueuedAt", when], ["Started", "startedAt", when],
  ["Finished", "finishedAt", when], ["Duration", "startedAt", (_, run) => duration(run)], ["Worker", "workerPID"],
  ["Host", "workerHost"], ["Cause", "exitCause"], ["Store", "store"], ["Waiting for", "waitingFor"],
];
/** Rows shown only for runs that have them: a run that needs a file store, and what a queued one waits for. */
const SHOWN_WHEN_SET = new Set(["store", "waitingFor"]);

async function showRejects(summary) {
  if (!summary || !summary.loadID || !summary.rejected) return;
  const rejects = (await api(`/api/v1/rejects?load=${summary.loadID}&limit=1000`)).items;
  document.getElementById("rejects-section").hidden = false;
  document.getElementById("rejects-download").replaceChildren(
    downloadLink(`/api/v1/jobs/${id}/rejects.csv`, `run-${id}-rejects.csv`, "Download them as CSV", { id: "rejects-csv" }),
    ` to fix and load again: ${count(summary.rejected, "row")}, each as received followed by its line and reasons`,
  );
  document.querySelector("#rejects tbody").replaceChildren(
    ...rejects.map((reject) =>
      el(
        "tr",
        {},
        el("td", { class: "number" }, reject.position),
        el("td", {}, el("code", {}, reject.raw)),
        el("td", {}, reject.reasons.map((reason) => el("div", {}, `${reason.column || ""} ${reason.rule}: ${reason.message}`))),
      ),
    ),
  );
}

async function refresh() {
  const [run, log] = await Promise.all([api(`/api/v1/jobs/${id}`), api(`/api/v1/jobs/${id}/log`)]);
  document.getElementById("title").textContent = `Run ${run.id} · ${run.job}`;
  document.querySelector("#run tbody").replaceChildren(
    ...FIELDS.filter(([, key]) => !SHOWN_WHEN_SET.has(key) || run[key] != null).map(([label, key, format]) =>
      el("tr", {}, el("th", {}, label), el("td", { class: key === "state" ? `state-${run.state}` : null }, format ? format(run[key], run) : run[key] ?? "")),
    ),
  );
  document.getElementById("summary").replaceChildren(run.summary == null ? "none yet" : fields(run.summary));
  document.getElementById("log").textContent = log.items.map((line) => `${when(line.time)} [${line.stream}] ${line.line}`).join("\n");
  const active = run.state === "queued" || run.state === "running";
  document.getElementById("cancel").hidden = !active || run.cancelRequested;
  return run;
}

start(async () => {
  document.getElementById("cancel").addEventListener("click", async () => {
    try {
      await api(`/api/v1/jobs/${id}/cancel`, { method: "POST" });
      say("cancel requested");
      await refresh();
    } catch (error) {
      sayFailure(error);
    }
  });
  let run = await refresh();
  await showRejects(run.summary);
  const timer = setInterval(async () => {
    try {
      run = await refresh();
      if (run.state !== "queued" && run.state !== "running") {
        clearInterval(timer);
        await showRejects(run.summary);
      }
    } catch (error) {
      sayFailure(error);
    }
  }, 1500);
});
