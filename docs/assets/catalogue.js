// Filters and sorts the catalogue table (catalogue/) in place. Without this
// script the page still lists every entry; the filter form stays hidden.
// The current choice is kept in the address (?list=…&full=1), so a filtered
// view can be linked to.
(function () {
  "use strict";

  var form = document.getElementById("zx-filters");
  var table = document.getElementById("zx-catalogue");
  if (!form || !table) return;

  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var order = new Map(rows.map(function (row, i) { return [row, i]; }));
  var count = document.getElementById("zx-count");
  var fields = ["q", "list", "batch", "major", "status", "full", "sort"];
  var collator = new Intl.Collator("zh-Hans-CN");
  var statusRank = {};
  Array.prototype.forEach.call(form.elements.status.options, function (option, i) {
    statusRank[option.value] = i;
  });

  function choice() {
    var values = {};
    fields.forEach(function (name) { values[name] = form.elements[name].value.trim(); });
    return values;
  }

  function matches(row, v) {
    var d = row.dataset;
    return (!v.list || d.l === v.list) &&
      (!v.batch || d.b === v.batch) &&
      (!v.major || d.m === v.major) &&
      (!v.status || d.s === v.status) &&
      (!v.full || d.f === v.full) &&
      (!v.q || row.cells[1].textContent.indexOf(v.q) !== -1 || row.cells[0].textContent === v.q);
  }

  function compare(sort) {
    var byOrder = function (a, b) { return order.get(a) - order.get(b); };
    if (sort === "name") {
      return function (a, b) {
        return collator.compare(a.cells[1].textContent, b.cells[1].textContent) || byOrder(a, b);
      };
    }
    if (sort === "status") {
      return function (a, b) {
        return (statusRank[a.dataset.s] || 0) - (statusRank[b.dataset.s] || 0) || byOrder(a, b);
      };
    }
    return byOrder;
  }

  // A batch belongs to one list: offer only the batches of the chosen list.
  function limitBatches(list) {
    var select = form.elements.batch;
    Array.prototype.forEach.call(select.options, function (option) {
      option.hidden = Boolean(option.value && list && option.value.split("/")[0] !== list);
    });
    if (select.selectedOptions[0] && select.selectedOptions[0].hidden) select.value = "";
  }

  function apply() {
    limitBatches(form.elements.list.value);
    var v = choice();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, v);
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var fragment = document.createDocumentFragment();
    rows.slice().sort(compare(v.sort)).forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    count.textContent = "显示 " + shown + " 项，共 " + rows.length + " 项";
    var params = new URLSearchParams();
    fields.forEach(function (name) { if (v[name]) params.set(name, v[name]); });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  var initial = new URLSearchParams(location.search);
  fields.forEach(function (name) {
    if (initial.has(name)) form.elements[name].value = initial.get(name);
  });
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
