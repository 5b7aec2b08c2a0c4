// Access (admin): the users who sign in and the API keys machines send; create them, disable or
// revoke them, reset a password. A new key's secret is shown once, right after it is made.
import { api, el, say, sayFailure, send, start, when } from "./admin.js";

async function act(call, done) {
  try {
    await call();
    say(done);
    await refresh();
  } catch (error) {
    sayFailure(error);
  }
}

async function resetPassword(name) {
  const password = prompt(`New password for ${name} (12 characters or more)`);
  if (password) await act(() => send(`/api/v1/users/${encodeURIComponent(name)}/password`, { password }), `password of ${name} reset`);
}

function userRow(user) {
  const path = `/api/v1/users/${encodeURIComponent(user.name)}`;
  return el(
    "tr",
    { "data-name": user.name },
    el("td", {}, user.name),
    el("td", {}, user.role),
    el("td", {}, user.disabledAt ? `disabled ${when(user.disabledAt)}` : "active"),
    el("td", {}, user.lastSignInAt ? when(user.lastSignInAt) : "never"),
    el("td", {}, when(user.createdAt)),
    el(
      "td",
      { class: "actions" },
      user.disabledAt
        ? el("button", { class: "enable", onclick: () => act(() => send(path + "/enable", {}), `${user.name} enabled`) }, "Enable")
        : el("button", { class: "disable", onclick: () => act(() => send(path + "/disable", {}), `${user.name} disabled`) }, "Disable"),
      el("button", { class: "password", onclick: () => resetPassword(user.name) }, "Reset password"),
    ),
  );
}

function keyRow(key) {
  return el(
    "tr",
    { "data-id": key.id },
    el("td", {}, el("code", {}, key.id)),
    el("td", {}, key.name),
    el("td", {}, key.scopes.join(", ")),
    el("td", {}, key.revokedAt ? `revoked ${when(key.revokedAt)}` : "active"),
    el("td", {}, key.lastUsedAt ? when(key.lastUsedAt) : "never"),
    el("td", {}, when(key.createdAt)),
    el(
      "td",
      { class: "actions" },
      key.revokedAt
        ? null
        : el("button", { class: "revoke", onclick: () => confirm(`Revoke ${key.id} (${key.name})?`) && act(() => send(`/api/v1/keys/${key.id}/revoke`, {}), `key ${key.id} revoked`) }, "Revoke"),
    ),
  );
}

async function refresh() {
  const [users, keys] = await Promise.all([api("/api/v1/users"), api("/api/v1/keys")]);
  document.querySelector("#users tbody").replaceChildren(...users.items.map(userRow));
  document.querySelector("#keys tbody").replaceChildren(...keys.items.map(keyRow));
}

start(async () => {
  document.getElementById("user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const [name, role, password] = ["user-name", "user-role", "user-password"].map((id) => document.getElementById(id).value);
    await act(() => send("/api/v1/users", { name: name.trim(), role, password }), `${role} ${name.trim()} created`);
    document.getElementById("user-password").value = "";
  });
  document.getElementById("key-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const scopes = [...document.querySelectorAll("#key-scopes input:checked")].map((box) => box.value);
    try {
      const created = await send("/api/v1/keys", { name: document.getElementById("key-name").value.trim(), scopes });
      const shown = document.getElementById("new-key");
      shown.querySelector("code").textContent = created.key;
      shown.hidden = false;
      say(`key ${created.id} created`);
      await refresh();
    } catch (error) {
      sayFailure(error);
    }
  });
  await refresh();
});
