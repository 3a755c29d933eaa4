// A care request's page, live: listens on /ws/me/ and, when a message arrives or a share is
// added or taken back, fetches this page again and swaps in its shares and messages. The page
// itself is the source of truth, so a missed event is mended by the next one or a reload.
(function () {
  "use strict";
  var root = document.querySelector("[data-care-request]");
  if (!root) { return; }
  var requestId = Number(root.getAttribute("data-care-request"));
  var parts = [".care-shares", ".care-messages", ".care-trend"];

  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        parts.forEach(function (selector) {
          var now = document.querySelector(selector);
          var then = fresh.querySelector(selector);
          if (now && then) { now.innerHTML = then.innerHTML; }
        });
      })
      .catch(function () { /* the next event or a reload mends it */ });
  }

  function handle(event) {
    if (event.type === "therapist_message" && event.request === requestId) { refresh(); }
    if (event.type === "circle_share") {
      if (event.op === "remove") {
        var gone = document.querySelector(".care-shares [data-share-id='" + event.share_id + "']");
        if (gone) { gone.remove(); }
      }
      refresh();
    }
  }

  var delay = 1000;
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/me/");
    socket.addEventListener("open", function () {
      delay = 1000;
      root.setAttribute("data-care-live", "on");
    });
    socket.addEventListener("message", function (message) {
      try { handle(JSON.parse(message.data)); } catch (e) { /* ignore malformed events */ }
    });
    socket.addEventListener("close", function () {
      root.removeAttribute("data-care-live");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
