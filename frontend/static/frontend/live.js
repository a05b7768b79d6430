// Live unread badge: listens on /ws/notifications/ and updates the header count.
// Progressive enhancement: without this file the badge shows the count at page load.
const link = document.querySelector("[data-live-notifications]");

function show(count) {
  const badge = link.querySelector("[data-unread-badge]");
  const label = link.querySelector("[data-unread-label]");
  badge.textContent = String(count);
  badge.hidden = count === 0;
  if (label) label.textContent = label.textContent.replace(/\d+/, String(count));
}

function connect(path, onMessage, attempt = 0) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + path);
  socket.addEventListener("message", (event) => onMessage(JSON.parse(event.data)));
  socket.addEventListener("open", () => { attempt = 0; });
  socket.addEventListener("close", (event) => {
    // 4401/4403: not signed in or not allowed; do not retry.
    if (event.code === 4401 || event.code === 4403) return;
    const delay = Math.min(30000, 1000 * 2 ** attempt);
    setTimeout(() => connect(path, onMessage, attempt + 1), delay);
  });
  return socket;
}

if (link) {
  connect(link.dataset.liveNotifications, (data) => {
    if (data.kind === "unread" && typeof data.unread === "number") show(data.unread);
  });
}
