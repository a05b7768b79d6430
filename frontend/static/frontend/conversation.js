// Upgrades the conversation page to live: new messages arrive over /ws/conversations/<id>/,
// and the form posts in the background. Without this file the page works by post and reload.
// (Self-contained on purpose: the hashed static names in production break relative imports.)

function connect(path, onMessage, attempt = 0) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + path);
  socket.addEventListener("message", (event) => onMessage(JSON.parse(event.data)));
  socket.addEventListener("open", () => { attempt = 0; });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401 || event.code === 4403) return;
    setTimeout(() => connect(path, onMessage, attempt + 1), Math.min(30000, 1000 * 2 ** attempt));
  });
  return socket;
}

const section = document.querySelector("[data-conversation]");
const form = document.querySelector("[data-chat-form]");

function appendMessage(data) {
  const log = document.querySelector("[data-message-log]");
  if (!log || log.querySelector(`[data-message-id="${data.id}"]`)) return;
  log.querySelector(".chat-empty")?.remove();
  const item = document.createElement("li");
  item.className = "chat-message";
  if (String(data.author_id) === section.dataset.me) item.classList.add("mine");
  item.id = "m" + data.id;
  item.dataset.messageId = data.id;
  const meta = document.createElement("p");
  meta.className = "chat-meta";
  const org = document.createElement("strong");
  org.textContent = data.organization || "";
  const time = document.createElement("time");
  time.dateTime = data.created_at;
  time.textContent = new Date(data.created_at).toLocaleString([], {
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  });
  meta.append(org, " " + data.author + " · ", time);
  const body = document.createElement("p");
  body.className = "chat-body";
  body.textContent = data.body;
  item.append(meta, body);
  log.append(item);
  const status = document.querySelector("[data-live-status]");
  if (status) status.textContent = `${data.organization || data.author}: ${data.body}`;
  item.scrollIntoView({ block: "nearest" });
}

function csrfToken() {
  return form?.querySelector("[name=csrfmiddlewaretoken]")?.value || "";
}

// A message read on screen is read: tell the server, which also clears its notification.
function markRead() {
  if (document.visibilityState !== "visible") return;
  fetch(`/api/v1/conversations/${section.dataset.conversation}/read/`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken() },
  }).catch(() => {});
}

if (section) {
  connect(section.dataset.ws, (data) => {
    if (data.kind !== "message") return;
    appendMessage(data);
    if (String(data.author_id) !== section.dataset.me) markRead();
  });
  document.addEventListener("visibilitychange", markRead);
}

if (form && section) {
  form.querySelector("[data-reload-link]")?.setAttribute("hidden", "");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const textarea = form.querySelector("textarea");
    if (!textarea.value.trim()) { textarea.focus(); return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(`/api/v1/conversations/${section.dataset.conversation}/messages/`, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify({ body: textarea.value }),
      });
      if (!response.ok) { form.submit(); return; }
      appendMessage(await response.json());
      textarea.value = "";
      textarea.focus();
    } catch (error) {
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
}
