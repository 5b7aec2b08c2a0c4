// The Sluice processes on this database (view): state, role, version, uptime, heartbeat age,
// running workers and the runs a dead scheduler lost, refreshed every five seconds.
import { api, count, el, say, sayFailure, start, when } from "./admin.js";

/** Seconds as "3 d 4 h", "2 h 5 min", "4 min 2 s" or "12 s". */
function span(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function runLink(id) {
  return el("a", { href: `job.html?id=${id}` }, `run ${id}`);
}

function row(host) {
  const name = host.publicUrl ? el("a", { href: host.publicUrl }, host.host) : host.host;
  return el(
    "tr",
    { "data-id": host.id, "data-state": host.state },
    el("td", {}, name, el("div", { class: "note" }, `pid ${host.pid} · started ${when(host.started)}${host.store ? ` · store ${host.store.slice(0, 8)}` : ""}`)),
    el("td", { class: `state-${host.state}` }, host.state),
    el("td", {}, host.roles.join(", ")),
    el("td", {}, host.version),
    el("td", { class: "number" }, span(host.uptimeSeconds)),
    el("td", { class: "number", title: when(host.lastHeartbeat) }, `${span(host.heartbeatAgeSeconds)} ago`),
    el("td", { class: "workers" }, host.workerCount ? [count(host.workerCount, "worker"), ": ", host.workers.flatMap((id, at) => (at ? [", ", runLink(id)] : [runLink(id)]))] : "none"),
    el(
      "td",
      { class: "lost" },
      host.lostRuns.length === 0 ? "none" : host.lostRuns.flatMap((lost, at) => [at ? ", " : null, runLink(lost.id), lost.retry ? [" (", runLink(lost.retry), ")"] : " (no retry)"]),
    ),
  );
}

async function show() {
  const answer = await api("/api/v1/hosts");
  document.querySelector("#hosts tbody").replaceChildren(...answer.items.map(row));
  const up = answer.items.filter((host) => host.state === "up").length;
  say(`${up} of ${answer.items.length} up`);
}

start(async () => {
  await show();
  setInterval(() => show().catch(sayFailure), 5000);
});
