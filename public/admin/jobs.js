// The job history: every run, newest first, filtered by state, kind and job; refreshed every 3 s.
import { api, el, say, sayFailure, start, when } from "./admin.js";

async function refresh() {
  const query = new URLSearchParams({ limit: "200" });
  for (const name of ["state", "kind", "job"]) {
    const value = document.getElementById(name).value.trim();
    if (value) query.set(name === "state" ? "status" : name, value);
  }
  const runs = (await api(`/api/v1/jobs?${query}`)).items;
  document.querySelector("#runs tbody").replaceChildren(
    ...runs.map((run) =>
      el(
        "tr",
        { "data-id": run.id },
        el("td", { class: "number" }, el("a", { href: `job.html?id=${run.id}` }, run.id)),
        el("td", {}, run.job),
        el("td", {}, run.kind),
        el("td", {}, run.trigger),
        el("td", { class: `state-${run.state}` }, run.state),
        el("td", { class: "number" }, run.attempt),
        el("td", {}, when(run.enqueuedAt)),
        el("td", {}, when(run.startedAt)),
        el("td", {}, when(run.finishedAt)),
        el("td", {}, run.exitCause || ""),
      ),
    ),
  );
  say(`${runs.length} runs`);
}

start(async () => {
  document.getElementById("filters").addEventListener("change", () => refresh().catch(sayFailure));
  document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
  await refresh();
  setInterval(() => refresh().catch(sayFailure), 3000);
});
