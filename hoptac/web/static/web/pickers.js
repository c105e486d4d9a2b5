// Searchable place pickers: Tom Select (tom-select.complete.min.js, Apache-2.0, see tom-select.LICENSE.txt)
// on every select marked data-searchable. Without JavaScript the select stays a plain select.
(function () {
  function enhance(root) {
    if (typeof TomSelect === "undefined" || !root.querySelectorAll) return;
    root.querySelectorAll("select[data-searchable]").forEach(function (select) {
      if (select.tomselect) return;
      var multiple = select.multiple;
      var picker = new TomSelect(select, {
        // The shown name and the other spellings (each option's data-aliases); diacritics are ignored.
        searchField: ["text", "aliases"],
        plugins: multiple ? ["remove_button"] : [],
        maxOptions: 50,
        allowEmptyOption: !multiple,
        hidePlaceholder: true,
        closeAfterSelect: !multiple,
        selectOnTab: false,
        render: {
          no_results: function (data, escape) {
            return '<div class="no-results">' + escape(select.dataset.noResults || "—") + "</div>";
          },
        },
      });
      // What the select says to assistive technology (its help, its error) goes to the box one types in.
      ["aria-describedby", "aria-invalid", "aria-required"].forEach(function (name) {
        if (select.hasAttribute(name)) picker.control_input.setAttribute(name, select.getAttribute(name));
      });
      if (select.required) picker.control_input.setAttribute("aria-required", "true");
    });
  }
  enhance(document);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
