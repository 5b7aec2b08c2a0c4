// Shared by every admin page: signing in, calls to the API, the navigation and small formatters.
// A person signs in with a name and password: the session lives in an HttpOnly cookie and every
// change carries the session's CSRF token. A key (for scripts) is kept in this tab's sessionStorage
// only and sent as a Bearer token. The pages are static files; every datum comes from the
// documented API. What the caller may not do is not shown: an element with data-needs="operate"
// is not created (el) or not displayed (static HTML) without that permission.

const KEY = "sluice.apiKey";
const PAGES = [
  ["index.html", "Dashboard"],
  ["upload.html", "Upload"],
  ["jobs.html", "Jobs"],
  ["schedules.html", "Schedules"],
  ["backups.html", "Backups"],
  ["data.html", "Data"],
  ["hosts.html", "Hosts"],
  ["architecture.html", "Architecture"],
  ["access.html", "Access", "admin"],
  ["audit.html", "Audit", "admin"],
];

/** Who is signed in (GET /api/v1/session): name, role or scopes, permissions, CSRF token. */
let caller = null;

/** Whether the signed-in caller has `permission` (view, operate, ingest, admin, ...). */
export function can(permission) {
  return Boolean(caller && caller.permissions.includes(permission));
}

/** The headers that authenticate a call: the key, or the session's CSRF token (the cookie goes by itself). */
export function credentials() {
  const key = sessionStorage.getItem(KEY);
  if (key) return { Authorization: "Bearer " + key };
  return caller && caller.csrfToken ? { "X-CSRF-Token": caller.csrfToken } : {};
}

/** An API answer that was not 2xx: the stable code and the server's message. */
export class APIFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the API as the signed-in caller; resolves to the parsed JSON body (or text), rejects with APIFailure. */
export async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers, credentials());
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (_) {
    // not JSON: keep the text
  }
  if (response.status === 401) sessionStorage.removeItem(KEY);
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new APIFailure(response.status, error.code || "http_" + response.status, error.message || response.statusText);
  }
  return body;
}

/**
 * A link that downloads `path` from the API as a file named `name`: the click fetches it with the
 * stored key (a plain link would carry none) and saves it; a refusal shows in the status line.
 */
export function downloadLink(path, name, text, attributes = {}) {
  return el("a", Object.assign({ href: path, download: name, onclick: (event) => save(event, path, name) }, attributes), text);
}

async function save(event, path, name) {
  event.preventDefault();
  try {
    const response = await fetch(path, { headers: credentials() });
    if (!response.ok) {
      await api(path); // answers the same refusal, read as JSON
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say(`downloaded ${name}`);
  } catch (error) {
    sayFailure(error);
  }
}

/** Sends `value` as a JSON body with `method` (POST by default). */
export function send(path, value, method = "POST") {
  return api(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(value) });
}

/**
 * Creates an element: el("td", {class: "x"}, "text", child, ...). Text is never parsed as HTML.
 * An element with a "data-needs" permission the caller lacks is not created: null is returned.
 */
export function el(tag, attributes = {}, ...children) {
  if (attributes["data-needs"] && !can(attributes["data-needs"])) return null;
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** The dictionary's tables, read from the OpenAPI document's per-table ingest paths. */
export async function tables() {
  const document = await api("/api/v1/openapi.json");
  return Object.keys(document.paths)
    .map((path) => /^\/api\/v1\/tables\/([^/]+)\/rows$/.exec(path)?.[1])
    .filter(Boolean);
}

/** A date-time from the API, shown in the browser's time zone; "" for none. */
export function when(value) {
  if (!value) return "";
  const date = new Date(value);
  return isNaN(date) ? String(value) : date.toLocaleString();
}

/** Who or what queued a run, in words ("schedule nightly", "key ops (k1a2)", "retry of run 41"), else its trigger. */
export function trigger(run) {
  return run.triggeredBy || run.trigger;
}

/** How long a run took (or has been running), as "1 h 2 min", "3 min 4 s", "5 s" or "< 1 s"; "" before it started. */
export function duration(run) {
  if (!run.startedAt) return "";
  const seconds = ((run.finishedAt ? new Date(run.finishedAt) : new Date()) - new Date(run.startedAt)) / 1000;
  if (seconds < 1) return "< 1 s";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "1 run", "2 runs": a count with its noun, plural when not one. */
export function count(number, noun) {
  return `${number} ${noun}${number === 1 ? "" : "s"}`;
}

/**
 * A JSON value as readable fields: an object as a list of names and values (nested objects
 * indented), an array of plain values joined by commas, anything else as its text.
 */
export function fields(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object")) return value.join(", ");
    return el("ol", { class: "fields" }, value.map((item) => el("li", {}, fields(item))));
  }
  if (typeof value !== "object") return String(value);
  const names = Object.keys(value);
  if (names.length === 0) return "none";
  return el("dl", { class: "fields" }, names.map((name) => [el("dt", {}, name), el("dd", {}, fields(value[name]))]));
}

/** A byte count as B, KB, MB or GB. */
export function bytes(count) {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = Number(count) || 0;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return (unit ? value.toFixed(1) : String(value)) + " " + units[unit];
}

/** Shows a message in the page's status line: kind "error" or "ok". */
export function say(message, kind = "ok") {
  const line = document.getElementById("status");
  line.textContent = message;
  line.className = kind;
}

/** Shows a failed call in the status line, with its stable code. */
export function sayFailure(error) {
  say(failureText(error), "error");
}

/** What a failure says to a person: the API's message and code, or the error itself. */
export function failureText(error) {
  return error instanceof APIFailure ? `${error.message} (${error.code})` : String(error);
}

/** Finds out who is signed in, renders the navigation, asks to sign in if no one is, then runs the page's `init`. */
export async function start(init) {
  document.head.append(el("link", { rel: "icon", href: "data:," }), el("link", { rel: "stylesheet", href: "admin.css" }));
  try {
    caller = await api("/api/v1/session");
  } catch (error) {
    if (!(error instanceof APIFailure && error.status === 401)) sayFailure(error);
  }
  document.body.dataset.can = caller ? caller.permissions.join(" ") : "";
  const here = location.pathname.split("/").pop() || "index.html";
  document.body.prepend(
    el(
      "nav",
      {},
      el("strong", {}, "Sluice"),
      PAGES.filter(([, , needs]) => !needs || can(needs)).map(([file, title]) =>
        el("a", { href: file, class: file === here ? "current" : null }, title),
      ),
      caller ? el("span", { id: "who" }, `${caller.name} (${caller.role || caller.scopes.join(", ")})`) : null,
      caller ? el("a", { href: "#", id: "sign-out", onclick: signOut }, "Sign out") : null,
    ),
  );
  if (!caller) return askToSignIn();
  return init().catch(sayFailure);
}

async function signOut(event) {
  event.preventDefault();
  if (sessionStorage.getItem(KEY)) sessionStorage.removeItem(KEY);
  else await api("/api/v1/session", { method: "DELETE" }).catch(() => {});
  location.reload();
}

/** Hides the page and shows the sign-in form (name and password, or an API key for scripts). */
function askToSignIn() {
  const main = document.querySelector("main");
  [...main.children].filter((child) => child.id !== "status" && child.tagName !== "H1").forEach((child) => (child.hidden = true));
  const name = el("input", { id: "name", autocomplete: "username", required: true });
  const password = el("input", { type: "password", id: "password", autocomplete: "current-password", required: true });
  const form = el("form", { id: "sign-in" }, el("label", {}, "Name ", name), el("label", {}, "Password ", password), el("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await send("/api/v1/session", { name: name.value.trim(), password: password.value });
      location.reload();
    } catch (error) {
      sayFailure(error);
    }
  });
  const key = el("input", { type: "password", id: "api-key", autocomplete: "off", placeholder: "slk_…", required: true });
  const keyForm = el("form", { id: "key-sign-in" }, el("label", {}, "API key ", key), el("button", { type: "submit" }, "Use key"));
  keyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY, key.value.trim());
    try {
      await api("/api/v1/session");
      location.reload();
    } catch (error) {
      sessionStorage.removeItem(KEY);
      sayFailure(error);
    }
  });
  main.querySelector("h1").after(form, el("details", { id: "use-key" }, el("summary", {}, "Sign in with an API key instead"), keyForm));
}
