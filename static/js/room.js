// The live room: one websocket that reconnects and resumes the room's chat (and, in the mixer,
// the person's small chat) from the last sequence number it saw, through conversation.js;
// synchronised playback; reactions, hands and host controls; in the mixer, an optional small
// chat and invitations to form a circle together; the host's private check-ins and each
// person's private line to the host.
(() => {
  "use strict";
  const root = document.getElementById("room");
  if (!root) return;
  const roomId = root.dataset.room;
  const api = root.dataset.api;
  const canModerate = root.dataset.canModerate === "1";
  const isHost = root.dataset.isHost === "1";
  const $ = (id) => document.getElementById(id);
  const player = $("player");

  let ws = null;
  let retry = 0;
  let me = null;
  let refusalNoted = false; // the chat note shows why a message was refused
  let state = { phase: "gathering", chat_muted: false, locked: false, floor: null };
  let playback = null;
  let clockOffset = 0; // local clock minus server clock, in seconds
  let stopped = false;
  let autoDimmed = false; // dimmed by the watching phase, not by the person
  const members = new Map(); // user id -> {handle, hand_raised, muted, host, online}
  let pendingReport = null; // {target, form} while a report is on its way

  // --- connection ---------------------------------------------------------------------------
  function connect() {
    const proto = location.protocol === "https:" ? "wss" : "ws";
    const after = chat.upTo > 0 ? `?after=${chat.upTo}` : "";
    ws = new WebSocket(`${proto}://${location.host}/ws/rooms/${roomId}/${after}`);
    ws.addEventListener("open", () => {
      retry = 0;
      setStatus(gettext("You are in the room."));
      resendPending();
    });
    ws.addEventListener("message", (event) => handle(JSON.parse(event.data)));
    ws.addEventListener("close", (event) => {
      if (stopped) return;
      if (event.code === 4401 || event.code === 4403) {
        setStatus(gettext("You are not in this room any more."));
        return;
      }
      if (event.code === 4429) setStatus(gettext("That was a lot at once. Reconnecting gently…"));
      else setStatus(gettext("Reconnecting…"));
      const delay = Math.min(10000, 400 * 2 ** retry++) + Math.random() * 300;
      setTimeout(connect, delay);
    });
  }

  function send(frame) {
    if (ws && ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  // Unacknowledged messages go again with the same keys, so the server stores each once.
  function resendPending() {
    chat.resend();
    smallChat.resend();
    for (const c of checkIns.values()) c.conversation.resend();
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  // --- events -------------------------------------------------------------------------------
  const handlers = {
    hello(e) {
      me = e.me;
      clockOffset = Date.now() / 1000 - e.playback.server_time;
      members.clear();
      for (const m of e.members) members.set(m.id, { ...m, online: members.get(m.id)?.online || 0 });
      renderMembers();
      applyState(e.state);
      applyPin(e.pinned);
      applyPlayback(e.playback);
      applyMixer(e.mixer);
      for (const c of e.check_ins) openCheckIn(c.person).conversation.catchUp();
    },
    history(e) {
      chat.history(e);
    },
    room_message(e) {
      chat.event(e);
    },
    room_typing(e) {
      if (me && e.user.id === me.id) return;
      chat.someoneTyping(e.user.handle);
    },
    reported(e) {
      // Room and small-chat messages are numbered apart: match the kind as well as the id.
      const target = pendingReport && pendingReport.target;
      if (target && target.message === e.message && (target.chat || null) === (e.small_chat || null)) {
        pendingReport.form.remove();
        pendingReport = null;
      }
      if (e.small_chat) {
        mixerNote(e.text);
      } else {
        const thanks = $("report-thanks");
        thanks.textContent = e.text;
        thanks.hidden = false;
        setTimeout(() => { thanks.hidden = true; }, 10000);
      }
      if (e.show_help) $("help-panel").hidden = false;
    },
    ack(e) {
      chat.acknowledged(e);
      // A refusal's note is about that message: once a later one is saved, it no longer holds.
      if (refusalNoted) {
        $("chat-note").textContent = "";
        refusalNoted = false;
      }
    },
    resync() {
      chat.catchUp();
      smallChat.catchUp();
      for (const c of checkIns.values()) c.conversation.catchUp();
    },
    error(e) {
      const line = checkInOwning(e.key);
      if (e.about === "check_in" || line) {
        checkInError(line, e);
        return;
      }
      if (e.about === "mixer") mixerNote(e.reason);
      else {
        $("chat-note").textContent = e.reason;
        refusalNoted = true;
      }
      // A send that failed belongs to the conversation that holds its key (a database error
      // names no part of the page, so the key is what tells a small chat's send apart).
      const conversation = smallChat.owns(e.key) ? smallChat : chat;
      if (e.retry) conversation.retryLater(); // over the rate limit or the database away
      else if (e.key) conversation.refused(e.key);
    },
    room_state(e) {
      applyState(e);
    },
    room_playback(e) {
      clockOffset = Date.now() / 1000 - e.server_time;
      applyPlayback(e);
    },
    room_reaction(e) {
      floatReaction(e.emoji);
    },
    room_presence(e) {
      const m = members.get(e.user.id);
      if (m) m.online = Math.max(0, (m.online || 0) + (e.op === "online" ? 1 : -1));
      renderMembers();
    },
    room_member(e) {
      if (e.op === "join") members.set(e.user.id, { id: e.user.id, handle: e.user.handle, online: 0 });
      else if (e.op === "leave") members.delete(e.user.id);
      else if (members.has(e.user.id)) members.get(e.user.id).muted = e.op === "muted";
      renderMembers();
    },
    room_hand(e) {
      const m = members.get(e.user.id);
      if (m) m.hand_raised = e.raised;
      if (me && e.user.id === me.id) {
        $("hand").setAttribute("aria-pressed", String(e.raised));
        $("hand").textContent = e.raised ? gettext("Lower my hand") : gettext("Raise my hand");
      }
      renderMembers();
    },
    room_floor(e) {
      state.floor = e.user ? e.user.id : null;
      const floor = $("floor");
      floor.hidden = !e.user;
      floor.textContent = e.user
        ? interpolate(gettext("%(name)s has the floor. Let's listen."), { name: e.user.handle }, true)
        : "";
      if (e.user && members.has(e.user.id)) members.get(e.user.id).hand_raised = false;
      renderMembers();
    },
    room_pin(e) {
      applyPin(e.message);
    },
    room_help(e) {
      $("help-panel").hidden = false;
      if (e.urgent) {
        // Imminent risk: the emergency number and crisis lines, never a volunteer first.
        $("help-emergency").hidden = false;
        $("help-listener").hidden = true;
        $("help-lines").classList.add("button");
      }
    },
    room_alert(e) {
      const box = $("alerts");
      const p = document.createElement("p");
      const said = e.small_chat
        ? gettext("%(name)s may be struggling (in a small chat).")
        : e.check_in
          ? gettext("%(name)s may be struggling (in your private words).")
          : gettext("%(name)s may be struggling (message #%(number)s).");
      p.textContent = interpolate(said, { name: e.author, number: e.seq }, true);
      box.append(p);
      // The host can check in at once, privately, with a warm word they can change first.
      if (isHost && e.author_id) {
        const actions = document.createElement("div");
        actions.className = "actions";
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = gettext("Check in privately");
        b.dataset.checkIn = e.author_id;
        b.addEventListener("click", () => startCheckIn({ id: e.author_id, handle: e.author }));
        actions.append(b);
        box.append(actions);
      } else {
        p.append(" ", gettext("Consider reaching out privately."));
      }
      box.hidden = false;
    },
    room_removed() {
      stopped = true;
      $("removed").hidden = false;
    },
  };

  function handle(event) {
    const fn = handlers[event.type];
    if (fn) fn(event);
  }

  // --- the room's chat: markup only; conversation.js orders, resumes and sends -------------
  const chat = window.TearspaceConversation.create({
    list: $("messages"),
    input: $("chat-input"),
    waitsForHistory: true,
    pageUrl: () => `${api}/messages`,
    sendFrame: (key, body) => ({ action: "send", key, body }),
    socketSend: send,
    render: roomLine,
    renderPending: pendingLine,
    me: () => me && me.handle,
    change(li) {
      li.querySelector(".body").textContent = gettext("(hidden by the host)");
    },
    onSavedAgain() {
      $("chat-note").textContent = "";
    },
    typingFrame: { action: "typing" },
    mayType,
    showTyping: renderTyping,
  });

  function roomLine(m) {
    const li = messageLine(m.author, m.hidden ? gettext("(hidden by the host)") : m.body);
    if (canModerate) {
      const pin = document.createElement("button");
      pin.type = "button";
      pin.className = "link-button small";
      pin.textContent = gettext("Pin");
      pin.addEventListener("click", () => send({ action: "pin", message: m.id }));
      const hide = document.createElement("button");
      hide.type = "button";
      hide.className = "link-button small";
      hide.textContent = gettext("Hide");
      hide.addEventListener("click", () => send({ action: "hide", message: m.id }));
      li.append(" ", pin, " ", hide);
    }
    offerReport(li, m, { action: "report", message: m.id });
    return li;
  }

  // One line of a chat log: who wrote it and their words (as text, never as HTML).
  function messageLine(author, words) {
    const li = document.createElement("li");
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = author;
    const body = document.createElement("span");
    body.className = "body";
    body.textContent = words;
    li.append(who, body);
    return li;
  }

  // My words on their way: shown at once, marked until the server has them.
  function pendingLine(body) {
    const li = messageLine(me ? me.handle : "", body);
    const note = document.createElement("span");
    note.className = "sending small muted";
    note.textContent = gettext("sending…");
    li.append(" ", note);
    return li;
  }

  // --- reporting a message ------------------------------------------------------------------
  // `target` is the socket frame naming the message: in the room's chat or a small chat.
  function offerReport(li, m, target) {
    if (!me || m.author === me.handle) return;
    const report = document.createElement("button");
    report.type = "button";
    report.className = "link-button small report-link";
    report.textContent = gettext("Report");
    report.addEventListener("click", () => openReport(li, target));
    li.append(" ", report);
  }

  function openReport(li, target) {
    const open = li.querySelector(".report-form");
    if (open) {
      open.querySelector("select").focus();
      return;
    }
    const form = $("report-template").content.firstElementChild.cloneNode(true);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const reason = form.elements.reason.value;
      if (!reason) {
        form.elements.reason.focus();
        return;
      }
      pendingReport = { target, form };
      if (!send({ ...target, reason, details: form.elements.details.value })) {
        const again = gettext("We are reconnecting. Please try again in a moment.");
        if (target.chat) mixerNote(again);
        else $("chat-note").textContent = again;
      }
    });
    form.querySelector("[data-cancel]").addEventListener("click", () => form.remove());
    li.append(form);
    form.elements.reason.focus();
  }

  // --- who is typing ------------------------------------------------------------------------
  function renderTyping(names) {
    let text = "";
    if (names.length === 1) text = interpolate(gettext("%(name)s is typing…"), { name: names[0] }, true);
    else if (names.length === 2) {
      text = interpolate(gettext("%(name)s and %(other)s are typing…"), { name: names[0], other: names[1] }, true);
    } else if (names.length > 2) {
      text = interpolate(
        ngettext("%(count)s person is typing…", "%(count)s people are typing…", names.length),
        { count: names.length },
        true,
      );
    }
    $("typing").textContent = text;
  }

  function mayType() {
    if (state.chat_muted || state.phase === "ended" || !me) return false;
    const mine = members.get(me.id);
    return !(mine && mine.muted);
  }

  // --- state, pin, presence -----------------------------------------------------------------
  function applyState(s) {
    state = { ...state, ...s };
    for (const li of document.querySelectorAll(".phases li")) {
      if (li.dataset.phase === state.phase) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    }
    $("aftercare").hidden = state.phase !== "aftercare";
    $("mixer").hidden = state.phase !== "mixer";
    $("ended").hidden = state.phase !== "ended";
    if (state.chat_muted) chat.stopTyping();
    const quiet = state.chat_muted && !canModerate;
    $("chat-input").disabled = quiet || state.phase === "ended";
    $("chat-note").textContent = quiet ? gettext("Chat is quiet while we watch together. Reactions still float by.") : "";
    // Watching dims the room by itself; leaving that phase brings the light back, unless the
    // person dimmed it with their own hand.
    if (state.phase === "watching" && !document.body.classList.contains("dimmed")) {
      setDim(true);
      autoDimmed = true;
    } else if (state.phase !== "watching" && autoDimmed) {
      setDim(false);
    }
    if (canModerate) {
      $("toggle-chat").textContent = state.chat_muted ? gettext("Open the chat") : gettext("Quiet the chat");
      $("toggle-lock").textContent = state.locked ? gettext("Open the door") : gettext("Close the door");
    }
    if (state.phase === "ended") {
      stopped = true;
      if (ws) ws.close();
    }
    applyMixerState();
    applyCheckInState();
  }

  function applyPin(message) {
    const box = $("pinned");
    box.hidden = !message;
    box.replaceChildren();
    if (!message) return;
    // The words are isolated like every chat line's, so a direction mark in them stays inside.
    const words = document.createElement("span");
    words.className = "user-text";
    words.dir = "auto";
    words.textContent = message.body;
    box.append(interpolate(gettext("Pinned · %(name)s:"), { name: message.author }, true), " ", words);
  }

  function renderMembers() {
    const ul = $("members");
    ul.replaceChildren();
    for (const m of members.values()) {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = [
        m.handle,
        m.host ? gettext("(host)") : "",
        m.hand_raised ? "✋" : "",
        m.muted ? gettext("(paused)") : "",
      ].filter(Boolean).join(" ");
      if (m.online) li.classList.add("online");
      li.append(name);
      if (canModerate && me && m.id !== me.id && !m.host) {
        for (const [label, frame] of [
          [gettext("Give the floor"), { action: "floor", user: m.id }],
          [m.muted ? gettext("Unpause") : gettext("Pause messages"), { action: "mute", user: m.id, muted: !m.muted }],
          [gettext("Remove"), { action: "remove", user: m.id }],
        ]) {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "link-button small";
          b.textContent = label;
          b.addEventListener("click", () => send(frame));
          li.append(" ", b);
        }
      }
      ul.append(li);
    }
    renderCirclePeople();
  }

  // --- synchronised playback ----------------------------------------------------------------
  function targetPosition(p) {
    if (!p.playing) return p.position;
    const serverNow = Date.now() / 1000 - clockOffset;
    return p.position + Math.max(0, serverNow - p.updated_at);
  }

  function applyPlayback(p) {
    playback = p;
    let playing = gettext("Nothing is playing yet.");
    if (p.title && p.content_note) {
      playing = interpolate(gettext("Now: %(title)s (%(note)s)"), { title: p.title, note: p.content_note }, true);
    } else if (p.title) {
      playing = interpolate(gettext("Now: %(title)s"), { title: p.title }, true);
    }
    $("now-playing").textContent = playing;
    if (!p.src) return;
    const absolute = new URL(p.src, location.href).href;
    if (player.src !== absolute) player.src = absolute;
    const seek = () => {
      const target = targetPosition(p);
      if (Math.abs(player.currentTime - target) > 0.5) player.currentTime = target;
      if (p.playing) {
        player.play().then(
          () => { $("start-sound").hidden = true; },
          () => { $("start-sound").hidden = false; },
        );
      } else {
        player.pause();
      }
    };
    if (player.readyState >= 1) seek();
    else player.addEventListener("loadedmetadata", seek, { once: true });
  }

  setInterval(() => {
    if (playback && playback.playing && player.readyState >= 1 && !player.paused) {
      const target = targetPosition(playback);
      if (Math.abs(player.currentTime - target) > 1) player.currentTime = target;
    }
  }, 3000);

  $("start-sound").addEventListener("click", () => {
    if (playback) applyPlayback(playback);
  });

  // --- UI wiring ----------------------------------------------------------------------------
  // Dimming darkens the room's colours only; the header and "Need help now" keep full strength.
  function setDim(on) {
    autoDimmed = false;
    document.body.classList.toggle("dimmed", on);
    $("dim").setAttribute("aria-pressed", String(on));
  }
  $("dim").addEventListener("click", () => setDim(!document.body.classList.contains("dimmed")));

  $("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    chat.sendInput();
  });
  $("chat-input").addEventListener("input", () => chat.typed());

  for (const b of document.querySelectorAll("[data-react]")) {
    b.addEventListener("click", () => send({ action: "react", emoji: b.dataset.react }));
  }
  $("hand").addEventListener("click", () => {
    send({ action: "hand", raised: $("hand").getAttribute("aria-pressed") !== "true" });
  });
  for (const b of document.querySelectorAll("[data-relief]")) {
    b.addEventListener("click", () => {
      send({ action: "relief", relief: b.dataset.relief });
      for (const other of document.querySelectorAll("[data-relief]")) other.setAttribute("aria-pressed", String(other === b));
    });
  }

  let quietTimer = null;
  $("quiet-start").addEventListener("click", () => {
    if (quietTimer) return;
    let left = 120;
    quietTimer = setInterval(() => {
      left -= 1;
      $("quiet-timer").textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (left <= 0) {
        clearInterval(quietTimer);
        quietTimer = null;
      }
    }, 1000);
  });

  function floatReaction(emoji) {
    // Drawn with the shipped icon of the button that sends it, not an emoji font.
    const button = [...document.querySelectorAll("[data-react]")].find((b) => b.dataset.react === emoji);
    if (!button) return;
    const icon = button.querySelector("img").cloneNode();
    icon.className = "floater";
    icon.style.left = `${10 + Math.random() * 80}%`;
    $("floaters").append(icon);
    setTimeout(() => icon.remove(), 4000);
  }

  if (canModerate) {
    for (const b of document.querySelectorAll("[data-playback]")) {
      b.addEventListener("click", () => {
        const frame = { action: "playback", op: b.dataset.playback };
        const clip = Number($("clip-choice").value);
        if (b.dataset.playback === "play" && clip && (!playback || playback.clip !== clip)) frame.clip = clip;
        send(frame);
      });
    }
    for (const b of document.querySelectorAll("[data-seek]")) {
      b.addEventListener("click", () => {
        const position = Math.max(0, (playback ? targetPosition(playback) : 0) + Number(b.dataset.seek));
        send({ action: "playback", op: "seek", position });
      });
    }
    for (const b of document.querySelectorAll("[data-set-phase]")) {
      b.addEventListener("click", () => send({ action: "phase", phase: b.dataset.setPhase }));
    }
    $("toggle-chat").addEventListener("click", () => send({ action: "chat", muted: !state.chat_muted }));
    $("toggle-lock").addEventListener("click", () => send({ action: "lock", locked: !state.locked }));
    $("end-session").addEventListener("click", () => {
      if (confirm(gettext("End the session for everyone?"))) send({ action: "end" });
    });
  }

  // --- the mixer: an optional small chat, and forming a circle together ---------------------
  // Small-chat messages come only to the people seated in it; the panel is a conversation like
  // the room's chat, fetched from the small chat's own address. (The host has no panel, and is
  // never seated, so its conversation is never shown.)
  const small = { chat: null }; // {id, closed, people} while seated
  const smallChat = window.TearspaceConversation.create({
    list: $("small-messages"),
    input: $("small-chat-input"),
    pageUrl: () => (small.chat ? `${api}/tear-friends/${small.chat.id}/messages` : null),
    sendFrame: (key, body) => ({ action: "tear_friends_send", chat: small.chat.id, key, body }),
    socketSend: send,
    render(m) {
      const li = messageLine(m.author, m.removed ? gettext("(removed by a moderator)") : m.body);
      offerReport(li, m, { action: "tear_friends_report", chat: m.chat, message: m.id });
      return li;
    },
    renderPending: pendingLine,
    me: () => me && me.handle,
    change(li) {
      li.querySelector(".body").textContent = gettext("(removed by a moderator)");
    },
    onPage(page) {
      if (page.closed && small.chat && !small.chat.closed) {
        small.chat.closed = true;
        applyMixerState();
      }
    },
    onSavedAgain() {
      mixerNote("");
    },
  });
  const invited = new Map(); // user id -> what I see of my invitation to them
  const received = new Map(); // invitation id -> an invitation to me

  function mixerNote(text, link) {
    const note = $("mixer-note");
    note.replaceChildren(text);
    if (link) {
      const a = document.createElement("a");
      a.href = link.url;
      a.textContent = link.name;
      note.append(" ", a);
    }
  }

  function applyMixer(snapshot) {
    if (!snapshot) return;
    if (snapshot.chat) {
      seatMe(snapshot.chat.id, snapshot.chat.people, snapshot.chat.closed);
      smallChat.catchUp();
    } else if (small.chat) {
      unseat(); // left in another tab while this one was away
    }
    received.clear();
    invited.clear();
    for (const i of snapshot.invitations.received) received.set(i.id, i);
    for (const i of snapshot.invitations.sent) invited.set(i.invitee.id, i);
    renderInvitations();
    renderCirclePeople();
  }

  function seatMe(chatId, people, closed) {
    if (!small.chat || small.chat.id !== chatId) smallChat.reset();
    small.chat = { id: chatId, people, closed: Boolean(closed) };
    applyMixerState();
  }

  function unseat() {
    small.chat = null;
    smallChat.dropPending();
    applyMixerState();
  }

  function applyMixerState() {
    const ended = state.phase === "ended";
    $("stay-in-touch").hidden = ended;
    const offer = $("small-chat-offer");
    if (!offer) return; // the host keeps the main room
    if (ended && small.chat) {
      small.chat.closed = true;
      $("mixer").hidden = false; // the small chat stays readable after the session
    }
    offer.hidden = Boolean(small.chat) || ended;
    $("small-chat").hidden = !small.chat;
    if (!small.chat) return;
    $("small-chat-people").textContent = small.chat.people.map((p) => p.handle).join(", ");
    const closed = small.chat.closed || state.phase !== "mixer";
    $("small-chat-input").disabled = closed;
    $("small-chat-leave").hidden = small.chat.closed;
    if (small.chat.closed) mixerNote(gettext("This small chat has closed. You can still read it."));
  }

  function renderInvitations() {
    const box = $("invitations");
    box.replaceChildren();
    for (const i of received.values()) {
      const card = document.createElement("div");
      card.className = "card invitation";
      const p = document.createElement("p");
      p.textContent = interpolate(
        gettext("%(name)s would like to stay in touch and form a circle with you."), { name: i.inviter.handle }, true);
      card.append(p);
      for (const [label, accept, kind] of [[gettext("Yes, let's"), true, ""], [gettext("Not now"), false, "secondary"]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = kind;
        b.textContent = label;
        b.addEventListener("click", () => send({ action: "circle_answer", invitation: i.id, accept }));
        card.append(b, " ");
      }
      box.append(card);
    }
  }

  function renderCirclePeople() {
    const ul = $("circle-people");
    if (!ul || !me) return;
    ul.replaceChildren();
    for (const m of members.values()) {
      if (m.id === me.id) continue;
      const li = document.createElement("li");
      li.append(`${m.handle} `);
      const b = document.createElement("button");
      b.type = "button";
      b.className = "link-button small";
      const status = invited.get(m.id)?.status;
      b.textContent = status === "accepted"
        ? gettext("In a circle together")
        : status === "pending" ? gettext("Invitation sent") : gettext("Form a circle together");
      b.disabled = Boolean(status && status !== "expired");
      b.dataset.invite = m.id;
      b.addEventListener("click", () => send({ action: "circle_invite", user: m.id }));
      li.append(b);
      ul.append(li);
    }
  }

  function circleFormed(invitation, circle, withWhom) {
    invited.set(withWhom.id, { ...invitation, status: "accepted" });
    renderCirclePeople();
    if (circle) {
      mixerNote(interpolate(
        gettext("You and %(name)s are in a circle together now. Share with each other whenever you like:"),
        { name: withWhom.handle },
        true,
      ), circle);
    }
  }

  Object.assign(handlers, {
    tear_friend_seat(e) {
      if (me && e.user.id === me.id) {
        if (e.op === "join") {
          seatMe(e.chat, e.people, false);
          mixerNote("");
          smallChat.catchUp();
        } else if (small.chat && small.chat.id === e.chat) {
          unseat();
        }
        return;
      }
      if (!small.chat || small.chat.id !== e.chat) return;
      small.chat.people = e.people;
      applyMixerState();
    },
    tear_friend_message(e) {
      if (small.chat && small.chat.id === e.chat) smallChat.event(e);
    },
    tear_friend_ack(e) {
      smallChat.acknowledged(e);
    },
    tear_friend_invited(e) {
      const i = e.invitation;
      if (i.status === "accepted") {
        // They had already invited me: asking back was a yes to theirs.
        const other = i.inviter.id === me.id ? i.invitee : i.inviter;
        received.delete(i.id);
        renderInvitations();
        circleFormed(i, null, other); // the "answered" event brings the circle's link
        return;
      }
      invited.set(i.invitee.id, i);
      renderCirclePeople();
      mixerNote(interpolate(
        gettext("Invitation sent to %(name)s. They can answer whenever they are ready."), { name: i.invitee.handle }, true));
    },
    tear_friend_invitation(e) {
      const i = e.invitation;
      if (e.op === "new") {
        received.set(i.id, i);
        renderInvitations();
      } else if (e.op === "answered") {
        received.delete(i.id);
        renderInvitations();
        if (i.status === "accepted") circleFormed(i, e.circle, i.inviter);
        else mixerNote(gettext("Okay. Nobody is told; take all the time you need."));
      } else if (e.op === "accepted") {
        circleFormed(i, e.circle, i.invitee);
      }
    },
  });

  const joinButton = $("small-chat-join");
  if (joinButton) {
    joinButton.addEventListener("click", () => send({ action: "tear_friends_join" }));
    $("small-chat-leave").addEventListener("click", () => send({ action: "tear_friends_leave" }));
    $("small-chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (small.chat) smallChat.sendInput();
    });
  }

  // --- private words: the host's check-ins, and each person's line to the host --------------
  // One conversation per person, between them and the host; only the two of them get its
  // events. The host may have several (one per person); anyone else has at most their own.
  const WARM_CHECK_IN = gettext("Hi, I noticed things might feel heavy right now. I'm here if you'd like to talk, just between us.");
  const checkIns = new Map(); // person id -> {panel, conversation, person}

  function openCheckIn(person) {
    const open = checkIns.get(person.id);
    if (open) return open;
    const panel = $("check-in-template").content.firstElementChild.cloneNode(true);
    panel.dataset.person = person.id;
    panel.querySelector(".check-in-title").textContent = isHost
      ? interpolate(gettext("A private word with %(name)s"), { name: person.handle }, true)
      : gettext("A private word from the host");
    const input = panel.querySelector(".check-in-input");
    input.id = `check-in-input-${person.id}`;
    panel.querySelector("label").htmlFor = input.id;
    input.placeholder = isHost
      ? interpolate(gettext("Write to %(name)s, just between you"), { name: person.handle }, true)
      : gettext("Write to the host, just between you");
    const conversation = window.TearspaceConversation.create({
      list: panel.querySelector(".check-in-messages"),
      input,
      pageUrl: () => `${api}/check-ins/${person.id}/messages`,
      sendFrame: (key, body) => (isHost ? { action: "check_in_send", person: person.id, key, body } : { action: "check_in_send", key, body }),
      socketSend: send,
      render(m) {
        const li = messageLine(m.author, m.removed ? gettext("(removed by a moderator)") : m.body);
        offerReport(li, m, { action: "check_in_report", message: m.id });
        return li;
      },
      renderPending: pendingLine,
      me: () => me && me.handle,
      change(li) {
        li.querySelector(".body").textContent = gettext("(removed by a moderator)");
      },
      onSavedAgain() {
        panel.querySelector(".check-in-note").textContent = "";
      },
    });
    panel.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      if (state.phase !== "ended") conversation.sendInput();
    });
    panel.querySelector("[data-close]").addEventListener("click", () => { panel.hidden = true; });
    const line = { panel, conversation, person };
    checkIns.set(person.id, line);
    $("check-ins").append(panel);
    applyCheckInState();
    return line;
  }

  // Open (or bring back) the private panel with someone, with a warm first word to edit.
  function startCheckIn(person, words = WARM_CHECK_IN) {
    const line = openCheckIn(person);
    line.panel.hidden = false;
    const input = line.panel.querySelector(".check-in-input");
    if (!input.value && !line.panel.querySelector(".check-in-messages li")) input.value = words;
    input.focus();
    line.panel.scrollIntoView({ block: "nearest" });
  }

  function checkInOwning(key) {
    if (!key) return null;
    for (const line of checkIns.values()) if (line.conversation.owns(key)) return line;
    return null;
  }

  function checkInError(line, e) {
    const shown = line || [...checkIns.values()].find((l) => !l.panel.hidden);
    if (shown) shown.panel.querySelector(".check-in-note").textContent = e.reason;
    else $("chat-note").textContent = e.reason;
    if (!line) return;
    if (e.retry) line.conversation.retryLater();
    else if (e.key) line.conversation.refused(e.key);
  }

  function applyCheckInState() {
    const ended = state.phase === "ended";
    const write = $("write-to-host");
    if (write) write.hidden = ended && !checkIns.size;
    for (const { panel } of checkIns.values()) {
      panel.querySelector(".check-in-input").disabled = ended;
      panel.querySelector("button[type=submit]").disabled = ended;
      if (ended) panel.querySelector(".check-in-note").textContent = gettext("The session has ended. You can still read your private words.");
    }
  }

  Object.assign(handlers, {
    room_check_in(e) {
      const line = openCheckIn(e.person);
      if (e.op === "add") line.panel.hidden = false; // a new word is never hidden away
      line.conversation.event(e);
    },
    check_in_ack(e) {
      const line = checkIns.get(e.person);
      if (line) line.conversation.acknowledged(e);
    },
  });

  const writeToHost = $("write-to-host");
  if (writeToHost) {
    writeToHost.addEventListener("click", () => {
      if (me) startCheckIn({ id: me.id, handle: me.handle }, "");
    });
  }

  connect();
})();
