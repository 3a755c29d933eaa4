// Keep a draft of the journal form in this browser (localStorage) so a reload or a lost
// connection never loses what was written. The draft is cleared once the entry is saved.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var key = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var hadErrors = form.querySelector(".errorlist") !== null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }

  function save() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name + "=" + el.value] = el.checked;
      } else {
        data[el.name] = el.value;
      }
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { return; }
    if (status) { status.textContent = "Draft kept on this device."; }
  }

  function restore() {
    var raw;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw || hadErrors) { return; }
    var data = JSON.parse(raw);
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in data) { el.checked = data[k]; }
      } else if (el.name in data) {
        el.value = data[el.name];
      }
    });
    if (status) { status.textContent = "We brought back your draft."; }
  }

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () {
    // Cleared on submit; if the server answers with an error the page shows the words again.
    try { localStorage.removeItem(key); } catch (e) { /* private mode */ }
  });
})();
