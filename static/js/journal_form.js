// Keep a draft of the journal form in this browser so a reload, a lost connection or a save
// that fails never loses what was written. The key names the person (without saying who), so
// on a shared device nobody else is offered it; it goes when the server confirms the save
// (drafts.js) or at logout. A recorded or chosen clip is kept with it (recorder.js).
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var key = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var clientKey = form.elements.namedItem("client_key");
  var hadErrors = form.querySelector(".errorlist") !== null;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }

  function save() {
    // The client key goes with the words: sending this draft again can only save it once.
    var data = { client_key: clientKey ? clientKey.value : "" };
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data[el.name + "=" + el.value] = el.checked;
      } else {
        data[el.name] = el.value;
      }
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { return; }
    if (status) { status.textContent = gettext("Draft kept on this device."); }
  }

  function restore() {
    if (hadErrors) {
      // The page shows what was sent: keep the draft (and its key) in step with it.
      save();
      return;
    }
    var raw;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) { return; }
    var data = JSON.parse(raw);
    if (clientKey && data.client_key) { clientKey.value = data.client_key; }
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in data) { el.checked = data[k]; }
      } else if (el.name in data) {
        el.value = data[el.name];
      }
    });
    if (status) { status.textContent = gettext("We brought back your draft."); }
    openAnswered();
  }

  // A folded section holding a brought-back answer opens, so nothing kept is out of sight.
  function openAnswered() {
    Array.prototype.forEach.call(form.querySelectorAll("details.form-section"), function (section) {
      var answered = Array.prototype.some.call(section.querySelectorAll("input, select, textarea"), function (el) {
        if (el.type === "checkbox" || el.type === "radio") { return el.checked; }
        return el.type !== "file" && el.type !== "hidden" && el.value !== "";
      });
      if (answered) { section.open = true; }
    });
  }

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  // Saved once more as it is sent; it stays until the server says the entry is saved.
  form.addEventListener("submit", save);
})();
