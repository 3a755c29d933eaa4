// Circles pages, live: listens on /ws/me/ and updates the page without a reload.
// A revoked share disappears at once; new replies and notifications appear.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function status(text, url) {
    var box = document.querySelector("[data-circles-status]");
    if (!box) {
      box = el("div", "messages circles-status");
      box.setAttribute("role", "status");
      box.setAttribute("data-circles-status", "");
      var main = document.getElementById("main");
      if (main) main.insertBefore(box, main.firstChild);
    }
    var p = el("p", "message");
    if (url) {
      var a = el("a", "", text);
      a.href = url;
      p.appendChild(a);
    } else {
      p.textContent = text;
    }
    box.appendChild(p);
  }

  // A reply's words, isolated in their own direction as on the page (.user-text in site.css).
  function words(text) {
    var box = el("div", "reply-words user-text");
    box.dir = "auto";
    box.appendChild(el("p", "", text));
    return box;
  }

  function removeShare(id) {
    var page = document.querySelector('[data-share-page][data-share-id="' + id + '"]');
    if (page) {
      var gone = el("p", "card share-gone", gettext("This share was taken back by the person who shared it."));
      page.replaceWith(gone);
    }
    document.querySelectorAll('[data-share-id="' + id + '"]').forEach(function (node) {
      node.remove();
    });
  }

  function addShare(share) {
    var feed = document.querySelector("[data-live-feed]");
    if (!feed) return;
    var card = el("article", "card share-card");
    card.setAttribute("data-share-id", String(share.id));
    var a = el("a", "", interpolate(gettext("%(name)s shared a cry. Open it"), { name: share.by }, true));
    a.href = share.url;
    card.appendChild(a);
    feed.insertBefore(card, feed.firstChild);
  }

  function addReply(shareId, reply) {
    var page = document.querySelector('[data-share-page][data-share-id="' + shareId + '"]');
    if (!page) return;
    var list = page.querySelector("[data-replies]");
    if (!list || list.querySelector('[data-reply-id="' + reply.id + '"]')) return;
    var empty = list.querySelector("[data-no-replies]");
    if (empty) empty.remove();
    var li = el("li", "reply");
    li.setAttribute("data-reply-id", String(reply.id));
    var by = el("p", "reply-by");
    by.appendChild(el("strong", "", reply.by));
    li.appendChild(by);
    // A reply the crisis screen added a content note to stays folded, as on the page.
    var holder = li;
    if (reply.content_notes && reply.content_notes.length) {
      holder = el("details", "share-note");
      holder.appendChild(el("summary", "", interpolate(
        gettext("Content note: %(note)s. Tap to show."), { note: reply.content_note_label }, true)));
      li.appendChild(holder);
    }
    if (reply.sent_anyway) {
      var details = el("details", "sent-anyway");
      details.appendChild(el("summary", "", gettext(
        "The writer was asked to pause before sending this, and chose to send it anyway. Tap to read.")));
      details.appendChild(words(reply.body));
      holder.appendChild(details);
    } else {
      holder.appendChild(words(reply.body));
    }
    list.appendChild(li);
  }

  function handle(event) {
    if (event.type === "circle_share" && event.op === "remove") removeShare(event.share_id);
    else if (event.type === "circle_share" && event.op === "add") addShare(event.share);
    else if (event.type === "share_reply" && event.op === "add") addReply(event.share_id, event.reply);
    else if (event.type === "share_reply" && event.op === "remove") {
      document.querySelectorAll('[data-reply-id="' + event.reply_id + '"]').forEach(function (n) { n.remove(); });
    } else if (event.type === "notification") {
      var list = document.querySelector("[data-notifications]");
      var n = event.notification;
      if (list) {
        var li = el("li");
        var a = el("a", "", n.text);
        a.href = n.url;
        li.appendChild(a);
        list.insertBefore(li, list.firstChild);
      } else {
        status(n.text, n.url);
      }
    }
  }

  var delay = 1000;
  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/me/");
    socket.addEventListener("open", function () {
      delay = 1000;
      document.documentElement.setAttribute("data-circles-live", "on");
    });
    socket.addEventListener("message", function (message) {
      try { handle(JSON.parse(message.data)); } catch (e) { /* ignore malformed events */ }
    });
    socket.addEventListener("close", function () {
      document.documentElement.removeAttribute("data-circles-live");
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }
  connect();
})();
