// Every page: let the service worker keep the toolkit for offline use, and remember the
// crisis lines this person last looked at (fetched again without cookies, so nothing private).
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    var country = document.querySelector("form.country-picker select[name=country]");
    if (country && registration.active) {
      registration.active.postMessage({ type: "crisis-lines-seen", country: country.value });
    }
  }).catch(function () { /* offline use is a bonus; the site works without it */ });
})();
