// Attendance grid: keep the "N présents / total" count in step with the toggles (the page works without it).
(function () {
  "use strict";
  var form = document.getElementById("form-presences");
  if (!form) {
    return;
  }
  var compteur = form.querySelector("[data-presents]");
  var cases = form.querySelectorAll('input[name="absents"]');
  function recompter() {
    var absents = 0;
    cases.forEach(function (c) {
      if (c.checked) {
        absents += 1;
      }
    });
    compteur.textContent = String(cases.length - absents);
  }
  form.addEventListener("change", recompter);
})();
