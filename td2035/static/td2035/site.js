/* TD2035: small enhancements only. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The filter panel starts open (so it works without JavaScript); on phones, fold it away.
  function collapseFiltersOnPhones() {
    var panel = document.querySelector("details.filters");
    if (panel && window.matchMedia("(max-width: 47.99em)").matches) {
      panel.removeAttribute("open");
    }
  }

  document.addEventListener("DOMContentLoaded", collapseFiltersOnPhones);
})();
