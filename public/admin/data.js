// The data browser: pick a table, page through it (keyset paging), filter it, open a row, edit it
// with the dictionary's rules beside each field and the violations next to their fields, and
// delete it (a refusal names the rows that still point to it). Tables and rules come from the
// OpenAPI document, which the dictionary generates.
import { api, APIFailure, credentials, el, say, sayFailure, send, start } from "./admin.js";

const PAGE = 50;
let schemas = {};
let table = "";
let columns = [];
let key = "";
let after = null;
let nextAfter = null;
let open = null;

/** The columns of a table, in the dictionary's order (the document's `x-column-order`). */
function columnsOf(name) {
  return schemas[name]["x-column-order"] || Object.keys(schemas[name].properties);
}

/** The dictionary's rules of a column, for a person. */
function rules(schema) {
  const types = [].concat(schema.type).filter((type) => type !== "null");
  const parts = [types.includes("integer") ? "integer" : types.includes("number") ? "number" : schema.format || "text"];
  if (![].concat(schema.type).includes("null")) parts.push("required");
  if (schema.minimum !== undefined) parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) parts.push(`≤ ${schema.maximum}`);
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.enum) parts.push(`one of ${schema.enum.join(", ")}`);
  const reference = /Must exist in (\S+)\./.exec(schema.description || "");
  if (reference) parts.push(`must exist in ${reference[1]}`);
  return parts.join(", ");
}

function rowsPath() {
  return `/api/v1/tables/${encodeURIComponent(table)}/rows`;
}

async function refresh() {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (after) query.set("after", after);
  for (const input of document.querySelectorAll("#filters input")) {
    if (input.value.trim()) query.set(input.name, input.value.trim());
  }
  const page = await api(`${rowsPath()}?${query}`);
  nextAfter = page.next_after;
  document.getElementById("next-page").disabled = !nextAfter;
  document.querySelector("#rows tbody").replaceChildren(
    ...page.items.map((row) =>
      el(
        "tr",
        { "data-id": row[key] },
        columns.map((column) =>
          el(
            "td",
            {},
            column === key
              ? el("a", { href: "#", class: "open-row", onclick: (event) => openRow(event, row[key]) }, row[column])
              : row[column] ?? "",
          ),
        ),
      ),
    ),
  );
  say(`${page.items.length} rows${nextAfter ? ", more on the next page" : ""}`);
}

function pickTable() {
  table = document.getElementById("table").value;
  columns = columnsOf(table);
  key = schemas[table]["x-primary-key"] || columns[0];
  after = null;
  closeEditor();
  document.querySelector("#rows thead").replaceChildren(el("tr", {}, columns.map((column) => el("th", {}, column))));
  const filters = [];
  for (const column of columns) {
    const schema = schemas[table].properties[column];
    filters.push(el("label", {}, column, el("input", { name: column, placeholder: "=" })));
    if (schema.format === "date-time" || schema.format === "date") {
      filters.push(el("label", {}, `${column} from`, el("input", { name: `${column}_from`, placeholder: "2021-01-01T00:00:00Z" })));
      filters.push(el("label", {}, `${column} before`, el("input", { name: `${column}_to`, placeholder: "2022-01-01T00:00:00Z" })));
    }
  }
  document.getElementById("filters").replaceChildren(...filters, el("button", { type: "submit" }, "Filter"));
  return refresh();
}

async function openRow(event, id) {
  event.preventDefault();
  const response = await fetchRow(id);
  open = { id, etag: response.etag, row: response.row };
  document.getElementById("editor-title").textContent = `${table} ${id}`;
  document.getElementById("row-form").replaceChildren(
    ...columns.map((column) => {
      const schema = schemas[table].properties[column];
      const value = response.row[column];
      return el(
        "label",
        { class: "field", "data-column": column },
        column,
        el("input", { name: column, value: value === null ? "" : String(value), readonly: column === key }),
        el("small", { class: "rules" }, rules(schema)),
        el("span", { class: "violation" }),
      );
    }),
  );
  document.getElementById("editor").hidden = false;
  say(`row ${id} opened`);
}

/** One row and its ETag (the shared `api` helper does not return headers). */
async function fetchRow(id) {
  const response = await fetch(`${rowsPath()}/${encodeURIComponent(id)}`, {
    headers: credentials(),
  });
  const body = await response.json();
  if (!response.ok) throw new APIFailure(response.status, body.error.code, body.error.message);
  return { row: body, etag: response.headers.get("ETag") };
}

function showViolations(errors) {
  for (const span of document.querySelectorAll("#row-form .violation")) span.textContent = "";
  for (const error of errors) {
    const field = document.querySelector(`#row-form [data-column="${CSS.escape(error.column || "")}"] .violation`);
    if (field) field.textContent = `${error.rule}: ${error.message}`;
  }
}

async function save() {
  const changes = {};
  for (const input of document.querySelectorAll("#row-form input")) {
    const before = open.row[input.name];
    if (input.value !== (before === null ? "" : String(before))) changes[input.name] = input.value === "" ? null : input.value;
  }
  const response = await fetch(`${rowsPath()}/${encodeURIComponent(open.id)}`, {
    method: "PATCH",
    headers: {
      ...credentials(),
      "Content-Type": "application/json",
      "If-Match": open.etag,
    },
    body: JSON.stringify(changes),
  });
  const body = await response.json();
  if (response.status === 422) {
    showViolations(body.errors);
    say(body.error.message, "error");
    return;
  }
  if (!response.ok) throw new APIFailure(response.status, body.error.code, body.error.message);
  showViolations([]);
  open = { id: open.id, etag: response.headers.get("ETag"), row: body };
  await refresh();
  say(`row ${open.id} saved`);
}

async function remove() {
  if (!confirm(`Delete ${table} ${open.id}?`)) return;
  try {
    await api(`${rowsPath()}/${encodeURIComponent(open.id)}`, { method: "DELETE", headers: { "If-Match": open.etag } });
  } catch (error) {
    if (error.code === "row_referenced") {
      say(`Not deleted: ${error.message}`, "error");
      return;
    }
    throw error;
  }
  const id = open.id;
  closeEditor();
  await refresh();
  say(`row ${id} deleted`);
}

function closeEditor() {
  open = null;
  document.getElementById("editor").hidden = true;
}

start(async () => {
  const documentJSON = await api("/api/v1/openapi.json");
  schemas = documentJSON.components.schemas;
  const tables = Object.keys(documentJSON.paths)
    .map((path) => /^\/api\/v1\/tables\/([^/]+)\/rows$/.exec(path))
    .filter((match) => match && documentJSON.paths[match[0]].get)
    .map((match) => match[1])
    .sort();
  const picker = document.getElementById("table");
  picker.replaceChildren(...tables.map((name) => el("option", { value: name }, name)));
  const wanted = new URLSearchParams(location.search).get("table");
  if (tables.includes(wanted)) picker.value = wanted;
  picker.addEventListener("change", () => pickTable().catch(sayFailure));
  document.getElementById("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    after = null;
    refresh().catch(sayFailure);
  });
  document.getElementById("first-page").addEventListener("click", () => {
    after = null;
    refresh().catch(sayFailure);
  });
  document.getElementById("next-page").addEventListener("click", () => {
    after = nextAfter;
    refresh().catch(sayFailure);
  });
  document.getElementById("save").addEventListener("click", () => save().catch(sayFailure));
  document.getElementById("delete").addEventListener("click", () => remove().catch(sayFailure));
  document.getElementById("close").addEventListener("click", closeEditor);
  await pickTable();
});
