// A listener chat or a small group: one socket that reconnects and resumes from the last sequence number it saw,
// through conversation.js (no loss, no duplicates, typing), plus report, one-tap suggestions,
// and the end of the chat announced live to both people.
(() => {
  "use strict";
  const root = document.getElementById("support-chat");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  let ws = null;
  let retry = 0;
  let me = root.dataset.me;
  let stopped = false;
  let over = root.dataset.active !== "1";

  // Once the chat or group has ended the status line says so in the page's own words (the
  // notice below it only thanks), whatever the socket does next.
  function setStatus(text) {
    $("status").textContent = over ? root.dataset.ended : text;
  }

  function send(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  function line(author, body) {
    const li = document.createElement("li");
    const who = document.createElement("strong");
    who.textContent = interpolate(gettext("%(name)s:"), { name: author }, true);
    const text = document.createElement("span");
    text.className = "body";
    text.textContent = body;
    li.append(who, " ", text);
    return li;
  }

  function offerReport(li, m) {
    if (m.author === me) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "link-button small";
    button.textContent = gettext("Report");
    button.addEventListener("click", () => {
      const form = $("report-template").content.firstElementChild.cloneNode(true);
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        send({ action: "report", message: m.id, reason: form.reason.value });
        form.remove();
      });
      li.append(form);
    });
    li.append(" ", button);
  }

  const chat = window.TearspaceConversation.create({
    list: $("messages"),
    input: $("chat-input") || document.createElement("input"),
    waitsForHistory: true,
    pageUrl: () => root.dataset.messages,
    sendFrame: (key, body) => ({ action: "send", key, body }),
    socketSend: send,
    render(m) {
      const li = line(m.author, m.removed ? gettext("(removed by a moderator)") : m.body);
      offerReport(li, m);
      return li;
    },
    renderPending: (body) => line(me, body),
    me: () => me,
    change(li) {
      li.querySelector(".body").textContent = gettext("(removed by a moderator)");
    },
    onSavedAgain() {
      $("chat-note").textContent = "";
    },
    typingFrame: { action: "typing" },
    showTyping(handles) {
      $("typing").textContent = handles.length
        ? interpolate(
          ngettext("%(names)s is typing…", "%(names)s are typing…", handles.length),
          { names: handles.join(", ") },
          true,
        )
        : "";
    },
  });

  // After a hand-over the heading names the new listener (the translated words around the
  // name stay as the server wrote them).
  function namesListener(name) {
    const heading = $("chat-with");
    if (!heading || !name || !heading.dataset.other) return;
    const words = heading.textContent;
    const at = words.lastIndexOf(heading.dataset.other); // the name, even if a word matches it
    if (at < 0) return;
    heading.textContent = words.slice(0, at) + name + words.slice(at + heading.dataset.other.length);
    heading.dataset.other = name;
  }

  function ended() {
    over = true;
    setStatus("");
    $("ended").hidden = false;
    for (const id of ["chat-form", "chat-actions", "here-now"]) if ($(id)) $(id).hidden = true;
  }

  const handlers = {
    hello(e) {
      me = e.me;
      if (!e.active) ended();
    },
    history(e) {
      chat.history(e);
    },
    support_message(e) {
      chat.event(e);
    },
    support_typing(e) {
      if (e.user !== me) chat.someoneTyping(e.user);
    },
    support_match(e) {
      if (e.op === "ended") ended();
      if (e.op === "handed_over") {
        $("handed-over").textContent = e.text;
        $("handed-over").hidden = false;
        namesListener(e.listener);
      }
    },
    support_help() {
      $("help-panel").hidden = false;
    },
    support_alert() {
      $("alert").hidden = false;
    },
    support_break() {
      $("break-note").hidden = false;
    },
    ack(e) {
      chat.acknowledged(e);
      $("chat-note").textContent = "";
    },
    // A small group: the same frames under group names, and who joins or leaves.
    support_group_message(e) {
      chat.event(e);
    },
    support_group_typing(e) {
      if (e.user !== me) chat.someoneTyping(e.user);
    },
    support_group_help() {
      $("help-panel").hidden = false;
    },
    support_group_break() {
      $("break-note").hidden = false;
    },
    support_group_alert() {
      $("alert").hidden = false;
    },
    support_group(e) {
      if (e.op === "ended" || (e.op === "left" && e.name === me)) {
        ended();
        return;
      }
      const names = $("present").textContent.split(", ").filter((n) => n !== e.name);
      if (e.op === "joined") names.push(e.name);
      $("present").textContent = names.join(", ");
      $("chat-note").textContent = interpolate(
        e.op === "joined" ? gettext("%(name)s joined.") : gettext("%(name)s left."), { name: e.name }, true);
    },
    reported() {
      $("chat-note").textContent = gettext("Thank you. A moderator will look at it.");
    },
    resync() {
      chat.catchUp();
    },
    error(e) {
      $("chat-note").textContent = e.reason;
      if (e.retry) chat.retryLater();
      else if (e.key) chat.refused(e.key);
    },
  };

  function connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const after = chat.upTo > 0 ? `?after=${chat.upTo}` : "";
    ws = new WebSocket(`${proto}://${location.host}${root.dataset.socket}${after}`);
    ws.addEventListener("open", () => {
      retry = 0;
      setStatus(gettext("Connected."));
      chat.resend();
    });
    ws.addEventListener("message", (event) => {
      const e = JSON.parse(event.data);
      if (handlers[e.type]) handlers[e.type](e);
    });
    ws.addEventListener("close", (event) => {
      if (stopped) return;
      if (event.code === 4401 || event.code === 4403) {
        setStatus(gettext("This chat is not open to you."));
        return;
      }
      setStatus(gettext("Reconnecting…"));
      setTimeout(connect, Math.min(10000, 400 * 2 ** retry++) + Math.random() * 300);
    });
  }

  const form = $("chat-form");
  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      chat.sendInput();
    });
    $("chat-input").addEventListener("input", () => chat.typed());
  }
  for (const id of ["suggest-breathe", "suggest-line"]) {
    const button = $(id);
    if (button)
      button.addEventListener("click", () => {
        $("chat-input").value = button.dataset.text;
        chat.sendInput();
      });
  }
  window.addEventListener("pagehide", () => {
    stopped = true;
  });
  window.supportChatSocket = () => ws; // for tests that drop the socket
  connect();
})();
