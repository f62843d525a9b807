// The staff directory's unit field: a text input with a list of results as you type (HTMX fills
// the list), in the ARIA combobox pattern: arrow keys move through the options, Enter or a click
// chooses one, Escape closes. Choosing fills the hidden `unit` field and searches. Without
// JavaScript the field is a plain text search (the server matches units by what was typed).
(function () {
  "use strict";

  function setup(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var hidden = input.form.querySelector("[data-combobox-value]");
    var active = -1;

    function options() {
      return Array.prototype.filter.call(list.querySelectorAll("[role=option]"), function (o) {
        return o.getAttribute("aria-disabled") !== "true";
      });
    }
    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) { input.removeAttribute("aria-activedescendant"); active = -1; }
    }
    function highlight(index) {
      var all = options();
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      }
    }
    function choose(option) {
      input.value = option.getAttribute("data-label");
      hidden.value = option.getAttribute("data-value");
      open(false);
      input.form.requestSubmit();
    }

    input.addEventListener("input", function () { hidden.value = ""; });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault(); open(true); highlight(Math.min(active + 1, all.length - 1));
      } else if (event.key === "ArrowUp" && all.length) {
        event.preventDefault(); highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && all[active]) {
        event.preventDefault(); choose(all[active]);
      } else if (event.key === "Escape") {
        open(false);
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { open(false); }, 150); });
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && option.getAttribute("aria-disabled") !== "true") { event.preventDefault(); choose(option); }
    });
    list.addEventListener("htmx:afterSwap", function () {
      active = -1;
      open(list.children.length > 0 && document.activeElement === input);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-combobox]"), setup);
  });
})();
