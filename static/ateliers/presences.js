// Attendance grid: keep the "N présents / total" count in step with the toggles (the page works without it);
// by keyboard, Enter on a toggle toggles it (a checkbox would otherwise submit the form) and the focused row
// is scrolled clear of the sticky bar at the bottom (field trial: it hid the row being marked).
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
  form.addEventListener("keydown", function (e) {
    var cible = e.target;
    if (e.key === "Enter" && cible.matches && cible.matches('input[type="checkbox"]')) {
      e.preventDefault();
      cible.checked = !cible.checked;
      cible.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
  var pied = form.querySelector(".ateliers-presences__pied");
  form.addEventListener("focusin", function (e) {
    if (!pied || e.target === pied || pied.contains(e.target)) {
      return;
    }
    var bas = e.target.getBoundingClientRect().bottom;
    var haut = pied.getBoundingClientRect().top;
    if (bas > haut - 8) {
      window.scrollBy(0, bas - haut + 16);
    }
  });
})();
