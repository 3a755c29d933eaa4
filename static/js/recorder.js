// Record an audio or video clip in the browser (MediaRecorder) and put it into the form's
// file field, so it is uploaded with the entry exactly like a chosen file.
(function () {
  "use strict";
  var box = document.getElementById("recorder");
  var input = document.getElementById("id_clip");
  if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices) { return; }
  box.hidden = false;
  var audioBtn = document.getElementById("record-audio");
  var videoBtn = document.getElementById("record-video");
  var stopBtn = document.getElementById("record-stop");
  var status = document.getElementById("record-status");
  var preview = document.getElementById("record-preview");
  var recorder = null;
  var stream = null;
  var parts = [];

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
      status.textContent = "Recording…";
      stopBtn.disabled = false;
      audioBtn.disabled = true;
      videoBtn.disabled = true;
    }).catch(function () {
      status.textContent = "We couldn't reach a microphone or camera. You can upload a file instead.";
    });
  }

  function finish() {
    var type = (recorder.mimeType || "audio/webm").split(";")[0];
    var blob = new Blob(parts, { type: type });
    var ext = type.indexOf("mp4") >= 0 ? "mp4" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
    var file = new File([blob], "recording." + ext, { type: type });
    var transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    stream.getTracks().forEach(function (t) { t.stop(); });
    preview.src = URL.createObjectURL(blob);
    preview.hidden = false;
    status.textContent = "Recorded. It will be saved with the entry.";
    box.dataset.recorded = "1";
    audioBtn.disabled = false;
    videoBtn.disabled = false;
    stopBtn.disabled = true;
  }

  audioBtn.addEventListener("click", function () { start(false); });
  videoBtn.addEventListener("click", function () { start(true); });
  stopBtn.addEventListener("click", function () { if (recorder && recorder.state !== "inactive") { recorder.stop(); } });
})();
