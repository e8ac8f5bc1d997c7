// Listening Post dashboard: small progressive enhancements. Every page works without it.
(function () {
  "use strict";
  // Filters: apply as soon as a choice changes (the Show button stays for keyboard users).
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Ask before destructive buttons (revoke a kiosk).
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  // Print button on the evidence pack.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
