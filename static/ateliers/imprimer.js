// "Imprimer" buttons (no inline handlers under the content security policy).
document.querySelectorAll("[data-imprimer]").forEach(function (bouton) {
  "use strict";
  bouton.addEventListener("click", function () {
    window.print();
  });
});
