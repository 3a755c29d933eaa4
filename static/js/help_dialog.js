// Help without leaving the page: on a page with a #help-dialog (a live room), "Need help now"
// and any [data-open-help] link open the help panel over the page instead of navigating away.
// Without this script the links simply open the help pages.
(() => {
  "use strict";
  const dialog = document.getElementById("help-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a.help-now, [data-open-help]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    if (!dialog.open) dialog.showModal();
    dialog.querySelector("h2")?.focus?.();
  });
})();
