// Record an audio or video clip in the browser (MediaRecorder) and put it into the form's
// file field, so it is uploaded with the entry exactly like a chosen file. A recorded or
// chosen clip is also kept in this browser with the draft (drafts.js), so a page that comes
// back with a question, or a reload, does not lose it; it goes when the save is confirmed.
(function () {
  "use strict";
  var box = document.getElementById("recorder");
  var input = document.getElementById("id_clip");
  var form = document.getElementById("entry-form");
  if (!box || !input || !form) { return; }
  var drafts = window.TearspaceDrafts;
  var key = form.dataset.draftKey;
  var audioBtn = document.getElementById("record-audio");
  var videoBtn = document.getElementById("record-video");
  var stopBtn = document.getElementById("record-stop");
  var discardBtn = document.getElementById("record-discard");
  var status = document.getElementById("record-status");
  var preview = document.getElementById("record-preview");
  var live = document.getElementById("record-live");
  var elapsed = document.getElementById("record-elapsed");
  var maxSeconds = 0;
  var startedAt = 0;
  var ticker = null;
  var atLimit = false;
  var canRecord = Boolean(window.MediaRecorder && navigator.mediaDevices);
  var recorder = null;
  var stream = null;
  var parts = [];

  function show(file, message) {
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    preview.src = URL.createObjectURL(file);
    preview.hidden = false;
    box.hidden = false;
    box.dataset.recorded = "1";
    setState("recorded");
    discardBtn.hidden = false;
    status.textContent = message;
  }

  function keep(file) {
    if (!drafts || !key) { return; }
    drafts.clips.put(key, file).catch(function () {
      status.textContent += " " + gettext("This browser can't keep a copy, so please save before leaving the page.");
    });
  }

  function discard() {
    input.value = "";
    preview.removeAttribute("src");
    preview.hidden = true;
    discardBtn.hidden = true;
    box.dataset.recorded = "";
    setState("idle");
    status.textContent = gettext("The recording is removed.");
    if (drafts && key) { drafts.clips.remove(key); }
  }

  // idle (nothing recording), recording, or recorded: the buttons and styles follow it.
  function setState(state) {
    box.dataset.state = state;
    var recording = state === "recording";
    audioBtn.hidden = recording;
    videoBtn.hidden = recording;
    stopBtn.hidden = !recording;
    elapsed.hidden = !recording;
  }

  function tick() {
    var seconds = Math.floor((Date.now() - startedAt) / 1000);
    elapsed.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (maxSeconds && seconds >= maxSeconds && recorder && recorder.state !== "inactive") {
      atLimit = true;
      recorder.stop();
    }
  }

  function pickType(video) {
    var options = video ? ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4"]
                        : ["audio/webm;codecs=opus", "audio/webm", "audio/ogg", "audio/mp4"];
    for (var i = 0; i < options.length; i++) {
      if (MediaRecorder.isTypeSupported(options[i])) { return options[i]; }
    }
    return "";
  }

  function start(video) {
    navigator.mediaDevices.getUserMedia({ audio: true, video: video }).then(function (s) {
      stream = s;
      parts = [];
      var type = pickType(video);
      recorder = type ? new MediaRecorder(s, { mimeType: type }) : new MediaRecorder(s);
      recorder.addEventListener("dataavailable", function (e) { if (e.data.size) { parts.push(e.data); } });
      recorder.addEventListener("stop", finish);
      recorder.start(250);
      status.textContent = gettext("Recording…");
      if (video) {
        live.srcObject = s;
        live.hidden = false;
        live.play().catch(function () { return undefined; });
      }
      startedAt = Date.now();
      atLimit = false;
      maxSeconds = Number(box.dataset.maxMinutes || 0) * 60;
      tick();
      ticker = setInterval(tick, 250);
      setState("recording");
      stopBtn.focus();
    }).catch(function () {
      status.textContent = gettext("We couldn't reach a microphone or camera. You can upload a file instead.");
    });
  }

  function finish() {
    var type = (recorder.mimeType || "audio/webm").split(";")[0];
    var blob = new Blob(parts, { type: type });
    var ext = type.indexOf("mp4") >= 0 ? "mp4" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
    var file = new File([blob], "recording." + ext, { type: type });
    stream.getTracks().forEach(function (t) { t.stop(); });
    clearInterval(ticker);
    live.srcObject = null;
    live.hidden = true;
    var recorded = interpolate(
      gettext("Recorded (%(length)s). It will be saved with the entry."), { length: elapsed.textContent }, true);
    show(file, atLimit ? gettext("That's as long as a clip can be, so it stopped there.") + " " + recorded : recorded);
    keep(file);
  }

  function restore() {
    if (!drafts || !key) { return; }
    var refused = input.closest(".clip-field").querySelector(".errorlist");
    if (refused) {
      // The server said why it could not keep this clip; offering it again would only repeat that.
      drafts.clips.remove(key);
      return;
    }
    drafts.clips.get(key).then(function (kept) {
      if (!kept || !kept.blob) { return; }
      var file = new File([kept.blob], kept.name || "recording.webm", { type: kept.type || kept.blob.type });
      show(file, gettext("Your recording is still here. It will be saved with the entry."));
    }).catch(function () { return undefined; });
  }

  if (canRecord) {
    box.hidden = false;
    audioBtn.addEventListener("click", function () { start(false); });
    videoBtn.addEventListener("click", function () { start(true); });
    stopBtn.addEventListener("click", function () { if (recorder && recorder.state !== "inactive") { recorder.stop(); } });
  } else {
    audioBtn.hidden = true;
    videoBtn.hidden = true;
    stopBtn.hidden = true;
  }
  discardBtn.addEventListener("click", discard);
  input.addEventListener("change", function () {
    if (input.files && input.files.length) {
      keep(input.files[0]);
    } else if (drafts && key) {
      drafts.clips.remove(key);
    }
  });
  restore();
})();
