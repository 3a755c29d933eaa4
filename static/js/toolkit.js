// The toolkit's pages: guided breathing, timed sequences (pause my tears, the quiet minute),
// grounding one sense at a time, and the "log this cry" link. Nothing typed here is sent or kept.
(function () {
  "use strict";

  // Run `steps` ([{seconds, ...}]) one after another; one tick is `pace` seconds of real time.
  function runSteps(steps, pace, hooks) {
    var index = -1, left = 0, timer = null;
    function next() {
      index += 1;
      if (index >= steps.length) { timer = null; hooks.onDone(); return; }
      left = steps[index].seconds;
      hooks.onStep(steps[index], index);
      hooks.onTick(left);
      timer = setTimeout(tick, 1000 * pace);
    }
    function tick() {
      left -= 1;
      if (left <= 0) { next(); return; }
      hooks.onTick(left);
      timer = setTimeout(tick, 1000 * pace);
    }
    next();
    return function stop() { if (timer) clearTimeout(timer); timer = null; };
  }

  function announce(root, text) {
    var region = root.querySelector("[data-announce]");
    if (region) region.textContent = text;
  }

  function controls(root, start, onStop) {
    var startButton = root.querySelector("[data-start]");
    var stopButton = root.querySelector("[data-stop]");
    var stop = null;
    function finish(message) {
      stop = null;
      startButton.hidden = false;
      stopButton.hidden = true;
      root.removeAttribute("data-running");
      root.querySelector("[data-status]").textContent = message;
    }
    function begin() {
      root.querySelector("[data-status]").textContent = "";
      startButton.hidden = true;
      stopButton.hidden = false;
      root.setAttribute("data-running", "");
      root.removeAttribute("data-finished");
      stop = start(finish);
      stopButton.focus();
    }
    startButton.addEventListener("click", begin);
    stopButton.addEventListener("click", function () {
      if (stop) stop();
      onStop();
      finish(root.dataset.stoppedText || root.dataset.wordStopped || "");
      startButton.focus();
    });
    return begin;
  }

  // --- Soft tones and vibration (only when the person asks for them) ---
  var audio = null;
  function tone(kind) {
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext || kind === "hold") return;
    audio = audio || new AudioContext();
    var oscillator = audio.createOscillator();
    var gain = audio.createGain();
    var now = audio.currentTime;
    oscillator.type = "sine";
    oscillator.frequency.value = kind === "in" ? 392 : 294;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.06, now + 0.3);
    gain.gain.linearRampToValueAtTime(0, now + 1.2);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now);
    oscillator.stop(now + 1.3);
  }
  function buzz(kind) {
    if (!navigator.vibrate || kind === "hold") return;
    navigator.vibrate(kind === "in" ? 300 : [100, 100, 100]);
  }

  // --- Guided breathing ---
  function breathing(root) {
    var form = root.querySelector("[data-settings]");
    var circle = root.querySelector("[data-circle]");
    var word = root.querySelector("[data-word]");
    var count = root.querySelector("[data-count]");
    var textSteps = root.querySelector("[data-text-steps]");
    var words = { in: root.dataset.wordIn, hold: root.dataset.wordHold, out: root.dataset.wordOut };

    function pattern() {
      var chosen = form.querySelector("input[name=pattern]:checked");
      return chosen.dataset.steps.split(" ").map(function (part) {
        var bits = part.split(":");
        return { kind: bits[0], seconds: Number(bits[1]), label: words[bits[0]] };
      });
    }
    function showPattern() {
      textSteps.textContent = "";
      pattern().forEach(function (step) {
        var item = document.createElement("li");
        item.textContent = step.label + " · " + step.seconds;
        textSteps.appendChild(item);
      });
    }
    form.addEventListener("change", showPattern);
    showPattern();

    controls(root, function (finish) {
      var one = pattern();
      var perRound = one.reduce(function (sum, step) { return sum + step.seconds; }, 0);
      var rounds = Math.max(1, Math.round(Number(form.elements.minutes.value) * 60 / perRound));
      var pace = Number(form.elements.pace.value) || 1;
      var steps = [];
      for (var r = 0; r < rounds; r += 1) steps = steps.concat(one);
      var tones = form.elements.tones.checked, vibrate = form.elements.vibrate.checked;
      var items = textSteps.querySelectorAll("li");
      return runSteps(steps, pace, {
        onStep: function (step, index) {
          var position = index % one.length;
          word.textContent = step.label;
          announce(root, step.label);
          root.dataset.phase = step.kind;
          root.dataset.round = String(Math.floor(index / one.length) + 1);
          circle.style.transitionDuration = (step.seconds * pace) + "s";
          items.forEach(function (item, i) {
            if (i === position) item.setAttribute("aria-current", "step");
            else item.removeAttribute("aria-current");
          });
          if (tones) tone(step.kind);
          if (vibrate) buzz(step.kind);
        },
        onTick: function (left) { count.textContent = String(left); },
        onDone: function () {
          delete root.dataset.phase;
          word.textContent = root.dataset.wordDone;
          count.textContent = "";
          announce(root, root.dataset.wordDone);
          root.dataset.finished = "";
          finish(root.dataset.wordDone);
        },
      });
    }, function () { delete root.dataset.phase; count.textContent = ""; });
  }

  // --- A timed sequence of written steps (pause my tears, the quiet minute) ---
  function sequence(root) {
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-seconds]"));
    var count = root.querySelector("[data-count]");
    var pace = Number(root.dataset.pace) || 1;
    function clock(left) {
      var minutes = Math.floor(left / 60), seconds = left % 60;
      return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    }
    function clear() {
      items.forEach(function (item) { item.removeAttribute("aria-current"); });
    }
    var begin = controls(root, function (finish) {
      var steps = items.map(function (item) {
        return { seconds: Number(item.dataset.seconds), label: item.textContent.trim(), item: item };
      });
      return runSteps(steps, pace, {
        onStep: function (step) {
          clear();
          step.item.setAttribute("aria-current", "step");
          announce(root, step.label);
        },
        onTick: function (left) { count.textContent = clock(left); },
        onDone: function () {
          clear();
          count.textContent = clock(0);
          announce(root, root.dataset.doneText);
          root.dataset.finished = "";
          finish(root.dataset.doneText);
        },
      });
    }, clear);
    if (items.length === 1) count.textContent = clock(Number(items[0].dataset.seconds));
    if (root.hasAttribute("data-autostart")) begin();
  }

  // --- 5-4-3-2-1 grounding, one sense at a time ---
  function grounding(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
    var nav = root.querySelector("[data-nav]");
    var back = root.querySelector("[data-back]");
    var next = root.querySelector("[data-next]");
    var progress = root.querySelector("[data-progress]");
    var current = 0;
    function show(index, focus) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      back.hidden = index === 0;
      next.hidden = index === steps.length - 1;
      progress.textContent = (index + 1) + " / " + steps.length;
      if (focus) {
        var heading = steps[index].querySelector("h2");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }
    nav.hidden = false;
    back.addEventListener("click", function () { show(Math.max(0, current - 1), true); });
    next.addEventListener("click", function () { show(Math.min(steps.length - 1, current + 1), true); });
    show(0, false);
  }

  // --- "Log this cry": the journal form opens with what was done here filled in ---
  function logLink(link) {
    var feelings = document.querySelector("[data-feelings]");
    function update() {
      var params = new URLSearchParams();
      params.append("helped", "quiet_minute");
      feelings.querySelectorAll("input:checked").forEach(function (box) {
        params.append("emotions", box.value);
      });
      link.href = link.dataset.base + "?" + params.toString();
    }
    if (feelings) feelings.addEventListener("change", update);
  }

  document.querySelectorAll("[data-breathing]").forEach(breathing);
  document.querySelectorAll("[data-sequence]").forEach(sequence);
  document.querySelectorAll("[data-grounding]").forEach(grounding);
  document.querySelectorAll("[data-log-link]").forEach(logLink);
})();
