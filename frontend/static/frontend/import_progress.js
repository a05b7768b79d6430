// The import run's progress bar, fed over /ws/imports/<id>/. Progressive enhancement: without
// this file the page reloads itself every 2 seconds (<noscript> refresh) while the run works.
const box = document.querySelector("[data-import-socket]");

function show(data) {
  const bar = document.getElementById("import-bar");
  const done = document.getElementById("import-done");
  const total = document.getElementById("import-total");
  const phase = document.getElementById("import-phase");
  if (bar && typeof data.percent === "number") {
    bar.value = data.percent;
    bar.textContent = `${data.percent}%`;
  }
  if (done && typeof data.done === "number") done.textContent = String(data.done);
  if (total && typeof data.total === "number") total.textContent = String(data.total);
  if (phase && data.phase_label) phase.textContent = data.phase_label;
}

function connect(path, attempt = 0) {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + path);
  socket.addEventListener("message", (event) => {
    const data = JSON.parse(event.data);
    show(data);
    // Finished, failed or waiting for confirmation: the page shows the summary.
    if (data.finished) location.reload();
  });
  socket.addEventListener("close", (event) => {
    if (event.code === 4401 || event.code === 4403) return;
    const delay = Math.min(30000, 1000 * 2 ** attempt);
    setTimeout(() => connect(path, attempt + 1), delay);
  });
}

if (box && box.dataset.importSocket) connect(box.dataset.importSocket);
