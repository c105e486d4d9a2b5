// Form helpers: a day picked on the browser's calendar goes into its text box as Vietnamese write it (4/12/2026).
document.addEventListener("change", function (event) {
  var picker = event.target;
  if (!picker.matches || !picker.matches("input.date-picker") || !picker.value) return;
  var box = document.getElementById(picker.dataset.fills);
  if (!box) return;
  var parts = picker.value.split("-");
  box.value = Number(parts[2]) + "/" + Number(parts[1]) + "/" + parts[0];
  box.dispatchEvent(new Event("change", { bubbles: true }));
});

// After a refused submit, put the focus on the first field to fix (else on the list of errors), not on the page.
document.addEventListener("DOMContentLoaded", function () {
  var field = document.querySelector(".has-error input:not([type=hidden]):not(.date-picker), .has-error select:not(.tomselected), .has-error textarea");
  var target = field || document.querySelector("main [role=alert]");
  if (target) {
    if (!field && !target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
});
