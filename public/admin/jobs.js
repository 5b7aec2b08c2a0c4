// The job history: runs, newest first, a page at a time, filtered by state, kind, job and date;
// each with its trigger, duration and, for a migration, its counts. Refreshed every 3 s.
import { api, count, duration, el, say, sayFailure, start, trigger, when } from "./admin.js";

const PAGE = 50;
let offset = 0;

// A migration's counts from its summary: "received / inserted / rejected"; "" for other runs.
function counts(summary) {
  if (!summary || summary.received === undefined) return "";
  return `${summary.received} / ${summary.inserted} / ${summary.rejected}`;
}

function query() {
  const query = new URLSearchParams({ limit: String(PAGE + 1), offset: String(offset) });
  for (const name of ["state", "kind", "job"]) {
    const value = document.getElementById(name).value.trim();
    if (value) query.set(name === "state" ? "status" : name, value);
  }
  const since = document.getElementById("since").value;
  if (since) query.set("since", new Date(since + "T00:00:00").toISOString());
  return query;
}

async function refresh() {
  const page = (await api(`/api/v1/jobs?${query()}`)).items;
  const runs = page.slice(0, PAGE);
  document.querySelector("#runs tbody").replaceChildren(
    ...runs.map((run) =>
      el(
        "tr",
        { "data-id": run.id },
        el("td", { class: "number" }, el("a", { href: `job.html?id=${run.id}` }, run.id)),
        el("td", {}, run.job),
        el("td", {}, run.kind),
        el("td", {}, trigger(run)),
        el("td", { class: `state-${run.state}` }, run.state),
        el("td", { class: "number" }, run.attempt),
        el("td", {}, when(run.enqueuedAt)),
        el("td", {}, when(run.startedAt)),
        el("td", { class: "number" }, duration(run)),
        el("td", { class: "number" }, counts(run.summary)),
        el("td", {}, run.exitCause || ""),
      ),
    ),
  );
  document.getElementById("previous").disabled = offset === 0;
  document.getElementById("next").disabled = page.length <= PAGE;
  const shown = runs.length ? `runs ${offset + 1}–${offset + runs.length}` : count(0, "run");
  document.getElementById("page").textContent = shown;
  say(runs.length ? "" : "no runs match");
}

function turn(step) {
  offset = Math.max(0, offset + step * PAGE);
  refresh().catch(sayFailure);
}

start(async () => {
  document.getElementById("filters").addEventListener("change", () => {
    offset = 0;
    refresh().catch(sayFailure);
  });
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("previous").addEventListener("click", () => turn(-1));
  document.getElementById("next").addEventListener("click", () => turn(1));
  await refresh();
  setInterval(() => refresh().catch(sayFailure), 3000);
});
