// On a phone the tables are stacked (samverkan.css): each cell keeps its column's label, taken
// from the table's header, so no template has to repeat it; and a cell holding only a phone number,
// a date or a time is kept on one line. Runs again on results swapped in by HTMX.
(function () {
  "use strict";
  var ONE_VALUE = /^(\+?[0-9][0-9 -]{4,18}[0-9]|[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?)$/;

  function label(root) {
    var tables = root.tagName === "TABLE" ? [root] : root.querySelectorAll("table");
    Array.prototype.forEach.call(tables, function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (!cell.hasAttribute("data-label") && headers[index]) {
            cell.setAttribute("data-label", headers[index]);
          }
          if (cell.children.length === 0 && ONE_VALUE.test(cell.textContent.trim())) {
            cell.classList.add("nowrap");
          }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { label(document); });
  document.addEventListener("htmx:load", function (event) {
    var table = event.target.closest ? event.target.closest("table") : null;
    label(table || event.target);
  });
})();
