// Upload: sends the chosen CSV as multipart/form-data to /api/v1/uploads (with a progress bar),
// then submits a migration of that upload into the chosen table and links to its run.
import { APIFailure, api, bytes, credentials, el, say, sayFailure, send, start, tables, when } from "./admin.js";

function upload(file) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const progress = document.getElementById("progress");
    progress.hidden = false;
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) progress.value = event.loaded / event.total;
    });
    request.addEventListener("load", () => {
      progress.hidden = true;
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (_) {
        // not JSON
      }
      if (request.status >= 200 && request.status < 300) return resolve(body);
      const error = (body && body.error) || {};
      reject(new APIFailure(request.status, error.code || "http_" + request.status, error.message || request.statusText));
    });
    request.addEventListener("error", () => {
      progress.hidden = true;
      reject(new Error("the upload was interrupted"));
    });
    request.open("POST", "/api/v1/uploads");
    for (const [name, value] of Object.entries(credentials())) request.setRequestHeader(name, value);
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}

async function listUploads() {
  const uploads = (await api("/api/v1/uploads")).items;
  document.querySelector("#uploads tbody").replaceChildren(
    ...uploads.map((item) =>
      el(
        "tr",
        {},
        el("td", { class: "number" }, item.id),
        el("td", {}, item.filename || ""),
        el("td", { class: "number" }, bytes(item.bytes)),
        el("td", {}, el("code", {}, String(item.sha256).slice(0, 16) + "…")),
        el("td", {}, when(item.createdAt)),
      ),
    ),
  );
}

start(async () => {
  const select = document.getElementById("table");
  select.replaceChildren(...(await tables()).map((name) => el("option", { value: name }, name)));
  document.getElementById("upload-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = document.getElementById("file").files[0];
    if (!file) return say("choose a file first", "error");
    try {
      say(`uploading ${file.name} (${bytes(file.size)})…`);
      const uploaded = await upload(file);
      const run = await send("/api/v1/jobs", { kind: "migrate", upload: uploaded.id, table: select.value });
      const status = document.getElementById("status");
      status.className = "ok";
      status.replaceChildren(
        `${uploaded.duplicate ? "already uploaded" : "uploaded"} as #${uploaded.id}; migration queued as `,
        el("a", { href: `job.html?id=${run.id}`, id: "run-link" }, `run ${run.id}`),
      );
      await listUploads();
    } catch (error) {
      sayFailure(error);
    }
  });
  await listUploads();
});
