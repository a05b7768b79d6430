// Print buttons exist only where JavaScript runs (they stay hidden otherwise).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
