// The "New schedule" / edit form of the Schedules page: the kind's parameters (for a backup its
// tables, codec and retention), when it runs as a preset a person reads ("every night at 02:30")
// or a cron expression, its time zone, and the next runs as the scheduler will fire them.
import { api, el, send, tables } from "./admin.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const field = (id) => document.getElementById(id);
let editing = null;
let previewTimer = null;

/** The cron or `@every` text the preset fields describe. */
function scheduleText() {
  const [hour, minute] = (field("at").value || "00:00").split(":").map(Number);
  switch (field("preset").value) {
    case "nightly":
      return `${minute} ${hour} * * *`;
    case "weekly":
      return `${minute} ${hour} * * ${field("day").value}`;
    case "minutes":
      return `@every ${Number(field("minutes").value) || 1}m`;
    default:
      return field("cron").value.trim();
  }
}

/** Sets the preset fields from a schedule's text (a preset when it is one, else custom). */
function showSchedule(text) {
  let match;
  const pad = (number) => String(number).padStart(2, "0");
  if ((match = /^(\d+) (\d+) \* \* (\*|[0-6])$/.exec(text || ""))) {
    field("preset").value = match[3] === "*" ? "nightly" : "weekly";
    field("at").value = `${pad(match[2])}:${pad(match[1])}`;
    if (match[3] !== "*") field("day").value = match[3];
  } else if ((match = /^@every (\d+)s$/.exec(text || "")) && Number(match[1]) % 60 === 0) {
    field("preset").value = "minutes";
    field("minutes").value = Number(match[1]) / 60;
  } else {
    field("preset").value = "custom";
    field("cron").value = text || "";
  }
  showPresetFields();
}

function showPresetFields() {
  const preset = field("preset").value;
  field("at-label").hidden = !["nightly", "weekly"].includes(preset);
  field("day-label").hidden = preset !== "weekly";
  field("minutes-label").hidden = preset !== "minutes";
  field("cron-label").hidden = preset !== "custom";
  field("backup-fields").hidden = field("kind").value !== "backup";
  field("params-label").hidden = field("kind").value === "backup";
}

/** The kind's parameters from the form: the backup fields, or the JSON text for other kinds. */
function params() {
  if (field("kind").value !== "backup") return JSON.parse(field("params").value.trim() || "{}");
  const chosen = [...document.querySelectorAll("#backup-tables input:checked")].map((box) => box.value);
  const result = { tables: chosen.length ? chosen : "*", codec: field("codec").value };
  for (const name of ["keep", "keepDaily", "keepWeekly"]) {
    if (field(name).value !== "") result[name] = Number(field(name).value);
  }
  if (field("offsite").value.trim()) result.offsite = field("offsite").value.trim();
  return result;
}

function definition() {
  const value = {
    name: field("name").value.trim(), kind: field("kind").value, params: params(), schedule: scheduleText(),
    timezone: field("timezone").value, enabled: field("enabled").checked,
  };
  if (field("description").value.trim()) value.description = field("description").value.trim();
  const webhooks = field("webhooks").value.split("\n").map((line) => line.trim()).filter(Boolean);
  if (webhooks.length) value.notify = { webhooks, onSuccess: field("notify-success").checked };
  return value;
}

/** A slot in the schedule's zone, with its UTC offset (so a clock change shows). */
function local(instant, timeZone) {
  return new Date(instant).toLocaleString("en-GB", {
    timeZone, weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short",
  });
}

/** Asks the server for the next runs of what the form says and lists them. */
async function preview() {
  const list = field("preview");
  const query = new URLSearchParams({ schedule: scheduleText(), timezone: field("timezone").value, count: "7" });
  if (field("preview-from").value) query.set("from", new Date(field("preview-from").value + "T00:00:00Z").toISOString());
  try {
    const next = (await api(`/api/v1/schedules/preview?${query}`)).next;
    list.replaceChildren(...next.map((instant) => el("li", {}, local(instant, field("timezone").value), el("small", {}, ` (${instant})`))));
    field("preview-error").textContent = "";
  } catch (error) {
    list.replaceChildren();
    field("preview-error").textContent = `${error.message} (${error.code})`;
  }
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 250);
}

/** Opens the form empty (a new schedule) or filled with `item`'s definition (an edit). */
export function openForm(item = null) {
  editing = item ? item.name : null;
  const form = field("schedule-form");
  form.reset();
  form.hidden = false;
  field("form-title").textContent = item ? `Edit ${item.name}` : "New schedule";
  field("name").disabled = Boolean(item);
  field("timezone").value = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (item) {
    field("name").value = item.name;
    field("description").value = item.description || "";
    field("kind").value = item.kind;
    field("timezone").value = item.timezone;
    field("enabled").checked = item.enabled;
    field("webhooks").value = (item.notify?.webhooks || []).join("\n");
    field("notify-success").checked = Boolean(item.notify?.onSuccess);
    const p = item.params || {};
    field("params").value = JSON.stringify(p, null, 2);
    const chosen = Array.isArray(p.tables) ? p.tables : [];
    document.querySelectorAll("#backup-tables input").forEach((box) => (box.checked = chosen.includes(box.value)));
    field("codec").value = p.codec || "deflate";
    for (const name of ["keep", "keepDaily", "keepWeekly"]) field(name).value = p[name] ?? "";
    field("offsite").value = p.offsite || "";
  }
  showSchedule(item ? item.schedule : "30 2 * * *");
  preview();
  form.scrollIntoView();
}

/** Fills the pickers and wires the form; `saved(name)` runs after a create or an edit. */
export async function setUpForm(saved, failed) {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  field("timezone").replaceChildren(...zones.map((zone) => el("option", { value: zone }, zone)));
  field("day").replaceChildren(...DAYS.map((day, index) => el("option", { value: String(index) }, day)));
  field("backup-tables").replaceChildren(
    ...(await tables()).map((name) => el("label", { class: "inline" }, el("input", { type: "checkbox", value: name }), name)),
  );
  const form = field("schedule-form");
  form.addEventListener("input", () => {
    showPresetFields();
    schedulePreview();
  });
  form.addEventListener("change", () => {
    showPresetFields();
    schedulePreview();
  });
  field("cancel-form").addEventListener("click", () => (form.hidden = true));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const value = definition();
      if (editing) await send(`/api/v1/schedules/${encodeURIComponent(editing)}`, value, "PUT");
      else await send("/api/v1/schedules", value);
      form.hidden = true;
      await saved(value.name, editing ? "saved" : "created");
    } catch (error) {
      failed(error);
    }
  });
}
