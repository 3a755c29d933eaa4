// The waiting page: an honest status (place in line, the recent wait or that it is unknown),
// checked every few seconds and at once when the personal socket says a match was made; the
// choices appear after a minute.
(() => {
  "use strict";
  const root = document.getElementById("waiting");
  if (!root) return;
  const statusLine = document.getElementById("waiting-status");
  const choices = document.getElementById("waiting-choices");
  const estimate = document.getElementById("waiting-estimate");

  async function check() {
    const response = await fetch(root.dataset.statusUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const s = await response.json();
    if (s.url && s.state !== "waiting") {
      location.assign(s.url);
      return;
    }
    if (s.state !== "waiting") return;
    if (!s.later) {
      statusLine.textContent = interpolate(
        gettext("You are number %(position)s in line. Listeners are being asked now."),
        { position: s.position },
        true,
      );
      estimate.textContent = s.estimate;
    }
    if (s.choices) choices.hidden = false;
  }

  const proto = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${proto}://${location.host}/ws/me/`);
  ws.addEventListener("message", (event) => {
    const e = JSON.parse(event.data);
    if (e.type === "support_match" && e.op === "matched") location.assign(e.url);
  });
  setInterval(check, 3000);
})();
