// The listener's page: when someone is matched with them, the new chat opens.
(() => {
  "use strict";
  if (!document.getElementById("availability")) return;
  const proto = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${proto}://${location.host}/ws/me/`);
  ws.addEventListener("message", (event) => {
    const e = JSON.parse(event.data);
    if (e.type === "support_match" && e.op === "matched") location.assign(e.url);
  });
})();
