// What a person typed or recorded, kept in this browser until the server has it, and theirs
// alone on a shared device. Loaded on every page (base.html):
// - drafts live under "journal-draft:<person id>:<slot>" (the id names nobody) in localStorage;
//   a recorded or chosen clip for a draft lives in IndexedDB under the same key;
// - a page that confirms a save names the draft's key (<meta name="journal-draft-saved">) and
//   only then is the draft dropped;
// - logging out drops every draft and clip kept on this device;
// - a form with data-saving shows it is working and cannot be sent twice.
(function () {
  "use strict";
  var PREFIX = "journal-draft";
  var DB_NAME = "tearspace-drafts";
  var STORE = "clips";

  function storedKeys() {
    var keys = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0) { keys.push(key); }
      }
    } catch (e) { /* storage blocked: nothing kept */ }
    return keys;
  }

  function remove(key) {
    try { localStorage.removeItem(key); } catch (e) { /* storage blocked */ }
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  var clips = {
    put: function (key, file) {
      return withStore("readwrite", function (store) {
        return store.put({ blob: file, name: file.name, type: file.type }, key);
      });
    },
    get: function (key) {
      return withStore("readonly", function (store) { return store.get(key); });
    },
    remove: function (key) {
      return withStore("readwrite", function (store) { return store.delete(key); })
        .catch(function () { return undefined; });
    }
  };

  // Resolves once the clips are gone too (or after a second at most: logging out never hangs).
  function clearAll() {
    storedKeys().forEach(remove);
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(); return; }
      var request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      setTimeout(resolve, 1000);
    });
  }

  // Drafts from before they were kept per person sat under one key for everyone: drop them.
  storedKeys().forEach(function (key) {
    if (key.indexOf(PREFIX + "-") === 0) { remove(key); }
  });

  // The server saved the draft sent with this client key: now it may go.
  var saved = document.querySelector('meta[name="journal-draft-saved"]');
  if (saved && saved.content) {
    storedKeys().forEach(function (key) {
      var data = null;
      try { data = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { data = null; }
      if (data && data.client_key === saved.content) {
        remove(key);
        clips.remove(key);
      }
    });
  }

  var logoutUrl = document.body.dataset.logoutUrl;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (logoutUrl && new URL(form.action, location.href).pathname === logoutUrl) {
      event.preventDefault();
      clearAll().then(function () { form.submit(); });
      return;
    }
    if (!form.hasAttribute("data-saving") || event.defaultPrevented) { return; }
    if (form.dataset.busy === "1") { event.preventDefault(); return; }
    form.dataset.busy = "1";
    form.setAttribute("aria-busy", "true");
    var button = form.querySelector("button[type=submit], button:not([type])");
    // Disabled after this event, so the browser still sends the form the click started.
    setTimeout(function () {
      if (!button) { return; }
      button.dataset.label = button.textContent;
      button.textContent = form.dataset.saving;
      button.disabled = true;
    }, 0);
  });

  // Coming back with the Back button shows the page as it was left: make it usable again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-busy='1']").forEach(function (form) {
      form.dataset.busy = "";
      form.removeAttribute("aria-busy");
      var button = form.querySelector("button[disabled][data-label]");
      if (button) { button.textContent = button.dataset.label; button.disabled = false; }
    });
  });

  window.TearspaceDrafts = { clips: clips, clearAll: clearAll };
})();
