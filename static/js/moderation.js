// Moderator console: refresh the queue as soon as the server says it changed.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  if (!queue) { return; }
  var url = queue.getAttribute("data-queue-url");
  var status = document.getElementById("queue-status");
  var delay = 1000;

  function refresh(announce) {
    window.htmx.ajax("GET", url, { target: "#queue", swap: "outerHTML" }).then(function () {
      if (announce && status) { status.textContent = announce; }
    });
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/moderation/");
    socket.addEventListener("open", function () {
      document.body.setAttribute("data-moderation-live", "open");
      if (delay > 1000) { refresh(""); }  // catch up on anything missed while disconnected
      delay = 1000;
    });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type !== "moderation_item") { return; }
      refresh(event.op === "add" ? gettext("A new item is in the queue.") : "");
    });
    socket.addEventListener("close", function (event) {
      document.body.setAttribute("data-moderation-live", "closed");
      if (event.code === 4403) { return; }
      delay = Math.min(delay * 2, 30000);
      window.setTimeout(connect, delay);
    });
  }
  connect();
}());
