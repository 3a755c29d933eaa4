// One conversation stream on a page: the room chat, a small chat, and later pages' chats.
// Messages and changes (a hide, a removal) share the conversation's one sequence. The stream
// keeps `upTo` (every item up to it is on the page), applies each event once, fetches what it
// missed (`?after=upTo`) on a gap, a reconnect or a resync, and sends with a client key that the
// server stores once, so a send can go again after any failure without appearing twice.
// The page supplies the socket, where to fetch, and the markup; the stream does the rest.
(() => {
  "use strict";

  const TYPING_EVERY = 3000; // say "typing" at most this often (the server passes on less)
  const TYPING_SHOWN = 5000; // and show someone as typing this long after their last word

  // A key the server keeps one message per (its column holds 64 characters).
  function newKey() {
    return (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`).slice(0, 64);
  }

  /**
   * Make a conversation stream. Options:
   * - `list`: the <ol> its lines go in, kept in sequence order, lines not yet sent last;
   * - `render(message)`: one line (an <li>) for a message {id, seq, author, body, ...}, with
   *   the words in an element of class `body` (the stream isolates it: see `ownWords`);
   * - `renderPending(body)`: one line for words on their way (no id or seq yet);
   * - `change(li, event)`: show a change event ({op, id, seq}) on the message's line;
   * - `pageUrl()`: the URL to fetch missed items from (`after=` is added), or null while there
   *   is nothing to fetch (a small chat left); the page is {messages, changes, last_seq};
   * - `sendFrame(key, body)`: the socket frame that sends words; `socketSend(frame)` sends a
   *   frame and says whether the socket took it;
   * - `input`: the box the words are typed in (they come back to it if refused);
   * - `me()`: the handle of the person on the page (or null before the socket said);
   * - `waitsForHistory`: true when the socket sends a `history` frame first, so a gap seen
   *   before it is not one (the history says where it starts);
   * - optional: `onPage(page)` with the last page of a catch-up (the one that says all is
   *   here, with anything else the server tells, e.g. a small chat's `closed`);
   *   `onSavedAgain()` when a send is acknowledged after the server had asked to retry;
   *   `typingFrame` (the socket frame that says "typing"), `mayType()`, and
   *   `showTyping(handles)` (the people typing now, first to start first; [] for nobody).
   */
  /** Keep a line's words to themselves: isolated, in their own direction (`dir="auto"`,
   * `.user-text` in site.css), so a bidi control (U+202E…) or a right-to-left script in a message
   * cannot reorder the name before it or carry the Report button after it to the other side. */
  function ownWords(li) {
    for (const words of li.querySelectorAll(".body")) {
      words.dir = "auto";
      words.classList.add("user-text");
    }
    return li;
  }

  function create(options) {
    const list = options.list;
    const render = (m) => ownWords(options.render(m));
    const renderPending = (body) => ownWords(options.renderPending(body));
    let upTo = 0;
    const arrived = new Set(); // seqs above upTo already applied
    let started = !options.waitsForHistory;
    let generation = 0; // bumped by reset(): a fetch begun before it is thrown away
    let fetching = null;
    let fetchAgain = false;
    const shown = new Map(); // message id -> <li>
    const pending = new Map(); // client key -> {body, li}, until the server has it
    const saved = new Map(); // message id -> pending <li>, acknowledged, until its echo comes
    let retryTimer = null;
    let retries = 0;
    const typists = new Map(); // handle -> when their "typing" expires (ms)
    let typingSent = 0;
    let typingTimer = null;

    // --- sequence ---------------------------------------------------------------------------
    function arrive(seq, live) {
      // Before the first history frame, where the history starts is not known yet.
      if (live && started && seq > upTo + 1) catchUp();
      if (seq > upTo) arrived.add(seq);
      while (arrived.delete(upTo + 1)) upTo += 1;
    }

    function haveAllUpTo(seq) {
      upTo = Math.max(upTo, seq);
      for (const s of arrived) if (s <= upTo) arrived.delete(s);
      while (arrived.delete(upTo + 1)) upTo += 1;
    }

    // The highest sequence number in a page (messages and changes), or null.
    function pageEnd(page) {
      const seqs = [...page.messages.map((m) => m.seq), ...page.changes.map((c) => c.seq)];
      return seqs.length ? Math.max(...seqs) : null;
    }

    // --- applying events --------------------------------------------------------------------
    function add(m, live) {
      const echoed = saved.get(m.id);
      if (echoed) {
        saved.delete(m.id);
        echoed.remove();
      }
      if (shown.has(m.id)) return;
      if (options.me && m.author === options.me()) echoOf(m.body);
      const li = render(m);
      li.dataset.id = m.id;
      place(li, m.seq);
      shown.set(m.id, li);
      arrive(m.seq, live);
      if (typists.delete(m.author)) renderTyping();
    }

    // Lines arrive out of order after a gap: insert by seq, ahead of lines not yet numbered.
    function place(li, seq) {
      li.dataset.seq = seq;
      let before = null;
      for (let node = list.lastElementChild; node; node = node.previousElementSibling) {
        if (node !== li && node.dataset.seq !== undefined && Number(node.dataset.seq) < seq) break;
        if (node !== li) before = node;
      }
      list.insertBefore(li, before);
      if (!before || before.dataset.seq === undefined) li.scrollIntoView({ block: "nearest" });
    }

    // My message's echo and the server's ack leave by different paths, and the echo may come
    // first: its line then takes the pending line's place at once rather than showing twice.
    // The key stays pending until the ack, so a send that was not stored still goes again.
    function echoOf(body) {
      for (const sent of pending.values()) {
        if (sent.li && sent.body === body) {
          sent.li.remove();
          sent.li = null;
          return;
        }
      }
    }

    // A change takes a place in the sequence like a message. Each line remembers the latest
    // change it shows, so a repeated or older change never undoes a newer one.
    function change(e, live) {
      const li = shown.get(e.id);
      if (li && !(Number(li.dataset.changed) >= e.seq)) {
        li.dataset.changed = e.seq;
        options.change(li, e);
      }
      arrive(e.seq, live);
    }

    function applyPage(page) {
      for (const m of page.messages) add(m, false);
      for (const c of page.changes) change(c, false);
    }

    /** Apply a live event: `{op: "add", message}` or a change `{op, id, seq}`. */
    function event(e) {
      if (e.op === "add") add(e.message, true);
      else change(e, true);
    }

    /** Apply the socket's opening page: {after, messages, changes, complete}. */
    function history(frame) {
      started = true;
      haveAllUpTo(frame.after); // the history starts here (where we came in, or where we were)
      applyPage(frame);
      if (!frame.complete) catchUp();
    }

    /** Fetch and apply everything after `upTo`, page by page; one fetch at a time. */
    function catchUp() {
      if (fetching) {
        fetchAgain = true; // a gap seen mid-fetch may lie beyond what that fetch asked for
        return fetching;
      }
      const base = options.pageUrl();
      if (!base) return Promise.resolve();
      const mine = generation;
      fetching = (async () => {
        try {
          for (;;) {
            const url = `${base}${base.includes("?") ? "&" : "?"}after=${upTo}`;
            const response = await fetch(url, { credentials: "same-origin" });
            if (!response.ok || mine !== generation) return;
            const page = await response.json();
            if (mine !== generation) return;
            applyPage(page);
            const last = pageEnd(page);
            if (last === null) {
              // The server has nothing after upTo: everything up to its last seq is here.
              haveAllUpTo(page.last_seq);
              if (options.onPage) options.onPage(page);
              return;
            }
            // The server sent everything after upTo in order, up to this page's last item.
            haveAllUpTo(last);
          }
        } finally {
          fetching = null;
          if (fetchAgain) {
            fetchAgain = false;
            catchUp();
          }
        }
      })();
      return fetching;
    }

    // --- sending ----------------------------------------------------------------------------
    /** Send the words in the box (trimmed) with a new key; show them as pending. */
    function sendInput() {
      const body = options.input.value.trim();
      if (!body) return null;
      const key = newKey();
      const li = renderPending(body);
      li.classList.add("pending");
      list.append(li);
      li.scrollIntoView({ block: "nearest" });
      pending.set(key, { body, li });
      options.socketSend(options.sendFrame(key, body));
      options.input.value = "";
      typingSent = 0;
      return key;
    }

    /** Send every message the server has not acknowledged again, with its own key. */
    function resend() {
      for (const [key, { body }] of pending) options.socketSend(options.sendFrame(key, body));
    }

    /** The server has the message with `key` (`id`, `seq`): it is no longer re-sent. */
    function acknowledged({ key, id, seq }) {
      const sent = pending.get(key);
      pending.delete(key);
      const li = sent && sent.li; // null once its echo came first and took its place
      if (li && shown.has(id)) {
        li.remove();
      } else if (li) {
        // The line takes its place in the sequence and waits there for the echo (or a
        // catch-up) to replace it.
        li.classList.remove("pending");
        place(li, seq);
        saved.set(id, li);
      }
      if (retries > 0 && options.onSavedAgain) options.onSavedAgain();
      retries = 0;
    }

    /** The server refused the message with `key` for good: give the words back to the box,
     * unless something new is being written there (then they stay on the page, on a line of
     * their own marked refused). */
    function refused(key) {
      const sent = pending.get(key);
      if (!sent) return;
      pending.delete(key);
      if (!options.input.value) {
        options.input.value = sent.body;
        sent.li?.remove();
        return;
      }
      const li = sent.li || list.appendChild(renderPending(sent.body));
      li.classList.remove("pending");
      li.classList.add("refused");
    }

    /** The server could not take a send just now: send again after a pause that grows while
     * it keeps saying so. */
    function retryLater() {
      if (retryTimer) return;
      const delay = Math.min(4000, 500 * 2 ** retries++) + Math.random() * 300;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        resend();
      }, delay);
    }

    function owns(key) {
      return pending.has(key);
    }

    // --- typing -----------------------------------------------------------------------------
    /** Call on every input: says "typing" at most every few seconds, only when it may. */
    function typed() {
      const now = Date.now();
      if (!options.typingFrame || !options.input.value.trim() || now - typingSent < TYPING_EVERY) return;
      if (options.mayType && !options.mayType()) return;
      if (options.socketSend(options.typingFrame)) typingSent = now;
    }

    /** Someone else is typing: show them for a few seconds after their last word. */
    function someoneTyping(handle) {
      typists.set(handle, Date.now() + TYPING_SHOWN);
      renderTyping();
    }

    function stopTyping() {
      if (!typists.size) return;
      typists.clear();
      renderTyping();
    }

    function renderTyping() {
      if (!options.showTyping) return;
      const now = Date.now();
      for (const [handle, until] of typists) if (until <= now) typists.delete(handle);
      options.showTyping([...typists.keys()]);
      clearTimeout(typingTimer);
      typingTimer = null;
      if (typists.size) {
        const next = Math.min(...typists.values()) - now;
        typingTimer = setTimeout(renderTyping, Math.max(50, next));
      }
    }

    // --- starting over ----------------------------------------------------------------------
    /** Forget everything shown and unsent: another conversation takes this list's place. */
    function reset() {
      generation += 1;
      upTo = 0;
      arrived.clear();
      shown.clear();
      saved.clear();
      pending.clear();
      list.replaceChildren();
    }

    /** Forget the unsent messages (the person left the conversation). */
    function dropPending() {
      for (const { li } of pending.values()) li?.remove();
      pending.clear();
    }

    return {
      event,
      history,
      catchUp,
      sendInput,
      resend,
      acknowledged,
      refused,
      retryLater,
      owns,
      typed,
      someoneTyping,
      stopTyping,
      reset,
      dropPending,
      get upTo() {
        return upTo;
      },
    };
  }

  window.TearspaceConversation = { create };
})();
