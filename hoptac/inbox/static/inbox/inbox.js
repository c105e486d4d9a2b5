// The inbox by keyboard: j/k move between articles, x selects, a/r accept or reject the selected
// articles (or the one in focus), e opens the first record's correction form.
(function () {
  "use strict";
  function articles() { return Array.prototype.slice.call(document.querySelectorAll(".inbox-article")); }
  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest(".inbox-article") : null;
  }
  function press(button) { if (button) { button.click(); } }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && target.matches && target.matches("input:not([type=checkbox]), textarea, select")) { return; }
    var list = articles();
    if (!list.length) { return; }
    var here = current();
    var i = list.indexOf(here);
    var selected = document.querySelectorAll(".inbox-article input[name=doc]:checked").length;
    switch (event.key) {
      case "j": list[Math.min(i + 1, list.length - 1)].focus(); break;
      case "k": list[Math.max(i - 1, 0)].focus(); break;
      case "x":
        if (here) { var box = here.querySelector("input[name=doc]"); box.checked = !box.checked; }
        break;
      case "a": press(selected ? document.getElementById("accept-selected") : here && here.querySelector(".accept-doc")); break;
      case "r": press(selected ? document.getElementById("reject-selected") : here && here.querySelector(".reject-doc")); break;
      case "e": press(here && here.querySelector("a.edit")); break;
      default: return;
    }
    event.preventDefault();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var first = articles()[0];
    if (first && !location.hash) { first.focus(); }
  });
})();
