// Schedules: every job definition with its next and last run; enable, disable, or run one now.
import { api, el, say, sayFailure, start, when } from "./admin.js";

async function act(name, action) {
  try {
    const answer = await api(`/api/v1/schedules/${encodeURIComponent(name)}/${action}`, { method: "POST" });
    say(action === "run" ? `${name}: queued as run ${answer.id}` : `${name}: ${action}d`);
    await refresh();
  } catch (error) {
    sayFailure(error);
  }
}

function lastRun(run) {
  if (!run) return "";
  return el("a", { href: `job.html?id=${run.id}`, class: `state-${run.state}` }, `${run.state} · ${when(run.finishedAt || run.enqueuedAt)}`);
}

async function refresh() {
  const schedules = (await api("/api/v1/schedules")).items;
  document.querySelector("#schedules tbody").replaceChildren(
    ...schedules.map((item) =>
      el(
        "tr",
        { "data-name": item.name },
        el("td", {}, item.name),
        el("td", {}, item.kind),
        el("td", {}, el("code", {}, item.schedule || "manual")),
        el("td", {}, item.timeZone),
        el("td", {}, item.enabled ? "yes" : "no"),
        el("td", {}, item.enabled ? when(item.nextRun) : ""),
        el("td", {}, lastRun(item.lastRun)),
        el(
          "td",
          {},
          el("button", { class: "toggle", onclick: () => act(item.name, item.enabled ? "disable" : "enable") }, item.enabled ? "Disable" : "Enable"),
          " ",
          el("button", { class: "run", onclick: () => act(item.name, "run") }, "Run now"),
        ),
      ),
    ),
  );
}

start(refresh);
