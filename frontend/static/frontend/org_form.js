// The organization form shows every kind's section without this file (each headed with the
// kind it is for). With it, only the chosen kind's section is shown; the others are hidden and
// disabled, so they are neither filled in by mistake nor sent.
(function () {
  "use strict";
  document.querySelectorAll("form[data-kind-form]").forEach(function (form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) return;
    var groups = form.querySelectorAll("fieldset[data-kind]");
    var hint = form.querySelector("[data-kind-hint]");
    var show = function () {
      groups.forEach(function (group) {
        var chosen = group.getAttribute("data-kind") === select.value;
        group.hidden = !chosen;
        group.disabled = !chosen;
      });
      if (hint) hint.hidden = select.value !== "";
    };
    select.addEventListener("change", show);
    show();
  });
})();
