// Progressive enhancement only: every page reads and works without this file.
(function () {
  "use strict";
  // Move focus to the main region after an in-page skip link, for screen readers in Safari.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.skip-link");
    if (!link) return;
    var main = document.getElementById("main");
    if (main) main.focus();
  });
  // The main menu is open in the HTML; on a phone it folds into its summary ("メニュー")
  // and unfolds again when the window grows wide.
  var menu = document.querySelector("[data-nav-disclosure]");
  if (menu && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 40rem)");
    var fit = function () { menu.open = !narrow.matches; };
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
  }
  // A filter panel (the directory, the suggestions): the server closes it once a search has
  // found something (on a phone the results then come first). On a wide screen there is room
  // to keep the conditions in sight, so it opens again; on a phone a search sent with the
  // button closes it when the results arrive (htmx swaps them in without reloading the page).
  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia) {
    var phone = window.matchMedia("(max-width: 40rem)");
    var wide = filters.hasAttribute("data-filters-wide") ||
      filters.getAttribute("data-filters-used") !== "0";
    if (!phone.matches && wide) filters.open = true;
    var searched = false;
    var form = filters.closest("form");
    if (form) form.addEventListener("submit", function () { searched = true; });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (searched && phone.matches && event.target.id === "results") filters.open = false;
      searched = false;
    });
  }
  // Print buttons stay hidden until this script can make them work.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
