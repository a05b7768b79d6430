// Print buttons exist only where JavaScript runs (they stay hidden otherwise).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

// A filter the server refuses (400, e.g. an unknown ward) still shows its message in place.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 400) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
