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
  // Print buttons stay hidden until this script can make them work.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
