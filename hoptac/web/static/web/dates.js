// A day picked on the browser's calendar goes into its text box as Vietnamese write it: 4/12/2026.
document.addEventListener("change", function (event) {
  var picker = event.target;
  if (!picker.matches || !picker.matches("input.date-picker") || !picker.value) return;
  var box = document.getElementById(picker.dataset.fills);
  if (!box) return;
  var parts = picker.value.split("-");
  box.value = Number(parts[2]) + "/" + Number(parts[1]) + "/" + parts[0];
  box.dispatchEvent(new Event("change", { bubbles: true }));
});
