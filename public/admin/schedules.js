// Schedules: every job file's and stored schedule with its next and last runs; enable, disable,
// run one now; create, edit and delete stored ones (the form is schedule-form.js); and the runs
// due in the next 24 hours across all schedules.
import { api, duration, el, say, sayFailure, start, when } from "./admin.js";
import { openForm, setUpForm } from "./schedule-form.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MACROS = {
  "@hourly": "every hour", "@daily": "every day at 00:00", "@nightly": "every night at 02:00",
  "@midnight": "every day at 00:00", "@weekly": "every Sunday at 00:00",
  "@monthly": "on the 1st of every month at 00:00", "@yearly": "every 1 January at 00:00",
};

/** A schedule's text as a person reads it: "every night at 02:30", "every 5 minutes", or the cron text. */
function describe(text) {
  if (!text) return "on demand";
  if (MACROS[text]) return MACROS[text];
  const pad = (number) => String(number).padStart(2, "0");
  let match;
  if ((match = /^(\d+) (\d+) \* \* \*$/.exec(text))) return `every night at ${pad(match[2])}:${pad(match[1])}`;
  if ((match = /^(\d+) (\d+) \* \* ([0-6])$/.exec(text))) return `every ${DAYS[match[3]]} at ${pad(match[2])}:${pad(match[1])}`;
  if ((match = /^@every (\d+)s$/.exec(text)) && Number(match[1]) % 60 === 0) {
    const minutes = Number(match[1]) / 60;
    return minutes === 1 ? "every minute" : `every ${minutes} minutes`;
  }
  return text;
}

async function act(name, action) {
  try {
    const answer = await api(`/api/v1/schedules/${encodeURIComponent(name)}/${action}`, { method: "POST" });
    say(action === "run" ? `${name}: queued as run ${answer.id}` : `${name}: ${action}d`);
    await refresh();
  } catch (error) {
    sayFailure(error);
  }
}

async function remove(name) {
  if (!confirm(`Delete the schedule ${name}? Its runs stay in the history.`)) return;
  try {
    await api(`/api/v1/schedules/${encodeURIComponent(name)}`, { method: "DELETE" });
    say(`${name}: deleted`);
    await refresh();
  } catch (error) {
    sayFailure(error);
  }
}

async function edit(name) {
  try {
    openForm(await api(`/api/v1/schedules/${encodeURIComponent(name)}`));
  } catch (error) {
    sayFailure(error);
  }
}

function lastRuns(runs) {
  return runs.map((run) =>
    el("div", {}, el("a", { href: `job.html?id=${run.id}`, class: `state-${run.state}` }, run.state), ` ${when(run.enqueuedAt)} · ${duration(run)}`),
  );
}

/** The runs due in the next 24 hours of every enabled schedule, soonest first. */
async function upcoming(schedules) {
  const now = new Date();
  const until = new Date(now.getTime() + 24 * 3600 * 1000);
  const lists = await Promise.all(
    schedules
      .filter((item) => item.enabled && item.schedule)
      .map(async (item) => {
        const query = new URLSearchParams({ schedule: item.schedule, timezone: item.timeZone, from: now.toISOString(), count: "100" });
        const next = (await api(`/api/v1/schedules/preview?${query}`)).next;
        return next.filter((instant) => new Date(instant) <= until).map((instant) => ({ instant, item }));
      }),
  );
  const due = lists.flat().sort((a, b) => a.instant.localeCompare(b.instant)).slice(0, 100);
  document.querySelector("#upcoming tbody").replaceChildren(
    ...due.map(({ instant, item }) => el("tr", {}, el("td", {}, when(instant)), el("td", {}, item.name), el("td", {}, item.kind))),
  );
  document.getElementById("upcoming-empty").hidden = due.length > 0;
}

async function refresh() {
  const schedules = (await api("/api/v1/schedules")).items;
  const runs = await Promise.all(
    schedules.map(async (item) => (await api(`/api/v1/jobs?job=${encodeURIComponent(item.name)}&limit=3`)).items),
  );
  document.querySelector("#schedules tbody").replaceChildren(
    ...schedules.map((item, index) =>
      el(
        "tr",
        { "data-name": item.name },
        el("td", {}, el("strong", {}, item.name), item.description ? el("div", { class: "note" }, item.description) : null),
        el("td", {}, item.source),
        el("td", {}, item.kind),
        el("td", {}, describe(item.schedule), el("div", { class: "note" }, el("code", {}, item.schedule || ""))),
        el("td", {}, item.timeZone),
        el("td", {}, item.enabled ? "yes" : "no"),
        el("td", { class: "next" }, item.enabled ? when(item.nextRun) : ""),
        el("td", {}, lastRuns(runs[index])),
        el(
          "td",
          { class: "actions" },
          el("button", { class: "toggle", "data-needs": "operate", onclick: () => act(item.name, item.enabled ? "disable" : "enable") }, item.enabled ? "Disable" : "Enable"),
          el("button", { class: "run", "data-needs": "operate", onclick: () => act(item.name, "run") }, "Run now"),
          item.source === "database" ? el("button", { class: "edit", "data-needs": "operate", onclick: () => edit(item.name) }, "Edit") : null,
          item.source === "database" ? el("button", { class: "delete", "data-needs": "operate", onclick: () => remove(item.name) }, "Delete") : null,
        ),
      ),
    ),
  );
  await upcoming(schedules);
}

start(async () => {
  await setUpForm(async (name, verb) => {
    say(`${name}: ${verb}`);
    await refresh();
  }, sayFailure);
  document.getElementById("new-schedule").addEventListener("click", () => openForm());
  await refresh();
});
