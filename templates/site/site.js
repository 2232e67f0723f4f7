/* Sort a ranking by a column, filter it by level. No network, no library; without JavaScript
   the table stays in rank order with every unit. */
(function () {
  function cellValue(row, index) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    if (raw !== null && raw !== "") { return parseFloat(raw); }
    return cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, index, button) {
    var head = button.parentNode;
    var ascending = head.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var empty = (x === "" || isNaN(x)) - (y === "" || isNaN(y));
      if (typeof x === "number" && typeof y === "number" && !isNaN(x) && !isNaN(y)) {
        return ascending ? x - y : y - x;
      }
      if (empty) { return empty; }
      return ascending ? String(x).localeCompare(String(y), "vi") : String(y).localeCompare(String(x), "vi");
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function applyFilters(table) {
    var selects = document.querySelectorAll('select[data-filter-for="' + table.id + '"]');
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var keep = true;
      selects.forEach(function (select) {
        if (select.value && row.getAttribute("data-level-" + select.getAttribute("data-category")) !== select.value) { keep = false; }
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var count = document.getElementById(table.id + "-shown");
    if (count) { count.textContent = String(shown); }
  }
  document.querySelectorAll("table.ranking").forEach(function (table) {
    table.querySelectorAll("thead th[data-sortable]").forEach(function (th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
    document.querySelectorAll('select[data-filter-for="' + table.id + '"]').forEach(function (select) {
      select.addEventListener("change", function () { applyFilters(table); });
    });
  });
  document.querySelectorAll(".filters[hidden]").forEach(function (box) { box.hidden = false; });
})();
