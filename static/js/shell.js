// Every page, loaded in <head> so the phone menu is folded before first paint: marks the page
// as scripted (site.css folds the menu only then; without JavaScript it stays an open list),
// then wires the menu button and the design system's dialog openers.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function wireMenu(nav) {
    var button = nav.querySelector(".menu-button");
    if (!button) return;
    button.hidden = false;
    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        setOpen(false);
        button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (nav.classList.contains("open") && !nav.contains(event.target)) setOpen(false);
    });
  }

  // <button data-opens="some-dialog"> opens <dialog id="some-dialog"> as a modal;
  // a <form method="dialog"> inside it closes it again, no script needed for that.
  function wireDialogOpeners() {
    document.addEventListener("click", function (event) {
      var opener = event.target.closest && event.target.closest("[data-opens]");
      if (!opener) return;
      var dialog = document.getElementById(opener.getAttribute("data-opens"));
      if (dialog && typeof dialog.showModal === "function") dialog.showModal();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-site-nav]").forEach(wireMenu);
    wireDialogOpeners();
  });
})();
