// Offer the device's time zone: fill the hidden sign-up field, and on the settings page add a
// one-click "use this device's time zone" when the person has not chosen one yet.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll('input[type="hidden"][name="time_zone"]').forEach(function (input) {
    if (!input.value) input.value = zone;
  });
  var select = document.querySelector('select[name="time_zone"]');
  if (!select || select.value === zone) return;
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!known) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "link-button";
  button.textContent = interpolate(gettext("Use this device's time zone (%(zone)s)"), { zone: zone }, true);
  button.addEventListener("click", function () {
    select.value = zone;
    select.focus();
  });
  select.insertAdjacentElement("afterend", button);
})();
