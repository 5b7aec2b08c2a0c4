// The audit trail (admin): who did what, to what, when, from where, and how it ended; newest
// first, filtered by actor, action (or a prefix like "run.") and time, a page at a time.
import { api, el, say, sayFailure, start, when } from "./admin.js";

let before = null;

function query() {
  const parameters = new URLSearchParams({ limit: "50" });
  for (const field of document.querySelectorAll("#filters input")) {
    if (!field.value) continue;
    parameters.set(field.name, field.type === "datetime-local" ? new Date(field.value).toISOString() : field.value.trim());
  }
  if (before) parameters.set("before", before);
  return parameters;
}

async function show() {
  const page = await api("/api/v1/audit?" + query());
  document.querySelector("#audit tbody").replaceChildren(
    ...page.items.map((entry) =>
      el(
        "tr",
        { "data-id": entry.id, "data-action": entry.action, class: entry.outcome === "ok" ? null : "error" },
        el("td", {}, when(entry.at)),
        el("td", {}, `${entry.actor} (${entry.actorKind})`),
        el("td", {}, entry.action),
        el("td", {}, entry.target),
        el("td", {}, entry.outcome),
        el("td", {}, entry.address),
        el("td", {}, el("code", {}, entry.requestID)),
      ),
    ),
  );
  document.getElementById("older").disabled = page.next_before === null;
  document.getElementById("older").dataset.before = page.next_before ?? "";
  say(page.items.length ? `${page.items.length} entries` : "no entries");
}

start(async () => {
  document.getElementById("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    before = null;
    show().catch(sayFailure);
  });
  document.getElementById("newest").addEventListener("click", () => {
    before = null;
    show().catch(sayFailure);
  });
  document.getElementById("older").addEventListener("click", (event) => {
    before = event.target.dataset.before;
    show().catch(sayFailure);
  });
  await show();
});
