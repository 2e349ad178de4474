// AvenirPro: the small behaviours that would otherwise need inline handlers, which the CSP forbids.
// A button with data-avenirpro-fermer="<selector>" removes its closest ancestor matching the selector
// ("self": the button itself), e.g. the close button of a DSFR notice or a dismissable tag.
document.addEventListener("click", function (event) {
  var bouton = event.target.closest("[data-avenirpro-fermer]");
  if (!bouton) {
    return;
  }
  var cible = bouton.getAttribute("data-avenirpro-fermer");
  var element = cible === "self" ? bouton : bouton.closest(cible);
  if (element) {
    event.preventDefault();
    element.remove();
  }
});

// A DSFR table wider than the screen scrolls inside .fr-table__container: make that region reachable
// with the keyboard (WCAG 2.1.1), on load and after every htmx swap.
function rendreTableauxAccessibles(racine) {
  racine.querySelectorAll(".fr-table__container, .fr-table").forEach(function (conteneur) {
    if (conteneur.scrollWidth > conteneur.clientWidth && !conteneur.hasAttribute("tabindex")) {
      conteneur.setAttribute("tabindex", "0");
    }
  });
}
document.addEventListener("DOMContentLoaded", function () {
  rendreTableauxAccessibles(document);
});
document.addEventListener("htmx:load", function (event) {
  rendreTableauxAccessibles(event.target);
});
