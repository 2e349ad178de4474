"""Helpers and page objects for the browser tests (Playwright, sync API).

- ``login(page, email, password)`` fills in the REAL login form, then completes the two-factor set-up when
  AvenirPro asks for it (pilots, administrators), and returns the TOTP secret it registered, if any;
- ``axe_check(page)`` runs axe-core (WCAG 2.0/2.1 A and AA) on the current page and fails on any violation,
  and on any CSP violation or JavaScript error seen by the page so far;
- ``totp(secret)`` computes an RFC 6238 code, as an authenticator app would;
- ``Coquille`` (the shell: header, navigation, current role) is the page object every page shares.

axe-core is evaluated through the DevTools protocol (``page.evaluate``), which the page's Content Security
Policy does not restrict: the pages keep their real CSP, and a violation fails the test.
"""

import base64
import hashlib
import hmac
import re
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Page

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TOTP_PERIOD = 30
TOTP_DIGITS = 6
# A TOTP secret as shown to the user: 32 base32 characters, possibly in groups of four.
SECRET_TOTP = re.compile(r"\b(?:[A-Z2-7]{4}[ \u00a0]?){7}[A-Z2-7]{4}\b")


# --- TOTP (RFC 6238, as allauth checks it) ---------------------------------------------------------


def totp(secret: str, at: float | None = None) -> str:
    """The current code of a TOTP secret (base32), HMAC-SHA1, 6 digits, 30 s period."""
    cle = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    compteur = int((time.time() if at is None else at) // TOTP_PERIOD)
    empreinte = hmac.new(cle, struct.pack(">Q", compteur), hashlib.sha1).digest()
    decalage = empreinte[-1] & 0x0F
    valeur = struct.unpack(">I", empreinte[decalage : decalage + 4])[0] & 0x7FFFFFFF
    return f"{valeur % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def totp_stable(secret: str) -> str:
    """A code that stays valid for a few seconds: waits for the next period when this one is ending."""
    reste = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if reste < 3:
        time.sleep(reste + 0.1)
    return totp(secret)


# --- Accessibility and CSP ----------------------------------------------------------------------------


def surveiller(page: Page) -> Page:
    """Record what the browser reports: CSP violations and uncaught JavaScript errors (see axe_check)."""
    page.incidents = []  # type: ignore[attr-defined]

    def console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            page.incidents.append(f"CSP ({page.url}) : {message.text}")

    page.on("console", console)
    # What the console line does not say: the blocked text's first characters and the script that did it.
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (e) => console.error(
            "Content Security Policy (détail) : " + e.violatedDirective + " ; extrait « " + e.sample
            + " » ; source " + e.sourceFile + ":" + e.lineNumber + ":" + e.columnNumber));"""
    )
    page.on("pageerror", lambda erreur: page.incidents.append(f"JavaScript ({page.url}) : {erreur}"))
    return page


def incidents(page: Page) -> list[str]:
    return list(getattr(page, "incidents", []))


def axe_check(page: Page, *, contexte: str = "") -> None:
    """Fail on any axe-core violation of WCAG 2.0/2.1 levels A and AA, and on any CSP or JS incident."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            // resultTypes: only the violations get their nodes' details (faster on long tables).
            const resultats = await axe.run(
                document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return resultats.violations.map(v => ({
                id: v.id, impact: v.impact, aide: v.help,
                cibles: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    lieu = contexte or urlparse(page.url).path
    assert not violations, f"axe-core : {len(violations)} violation(s) sur {lieu} :\n" + "\n".join(
        f"- {v['id']} ({v['impact']}) : {v['aide']} → {', '.join(v['cibles'])}" for v in violations
    )
    assert not incidents(page), "\n".join(incidents(page))


# --- Login --------------------------------------------------------------------------------------------


def chemin(page: Page) -> str:
    return urlparse(page.url).path


def soumettre(page: Page, formulaire) -> None:
    """Submit a form with its submit button and wait for the next page."""
    with page.expect_navigation():
        formulaire.locator("[type=submit]").first.click()


def login(page: Page, email: str, password: str, *, verifier_accessibilite: bool = True) -> str | None:
    """Log in through the real login form. Completes the two-factor set-up when it is asked for, and
    returns the TOTP secret then registered (None when none was asked)."""
    page.goto(reverse("account_login"))
    if verifier_accessibilite:
        axe_check(page, contexte="page de connexion")
    formulaire = page.locator("form:has(input[name=password])")
    formulaire.locator("input[name=login]").fill(email)
    formulaire.locator("input[name=password]").fill(password)
    soumettre(page, formulaire)
    assert chemin(page) != reverse("account_login"), f"connexion refusée pour {email} : {texte_alertes(page)}"
    return completer_mfa_si_demandee(page, password, verifier_accessibilite=verifier_accessibilite)


def completer_mfa_si_demandee(
    page: Page, password: str, *, verifier_accessibilite: bool = True
) -> str | None:
    """On the authenticator set-up page (where AvenirPro sends pilots and administrators), read the secret
    shown, enter the current code and return the secret; elsewhere, do nothing and return None."""
    if chemin(page) == reverse("account_reauthenticate"):
        formulaire = page.locator("form:has(input[name=password])")
        formulaire.locator("input[name=password]").fill(password)
        soumettre(page, formulaire)
    if chemin(page) != reverse("mfa_activate_totp"):
        return None
    if verifier_accessibilite:
        axe_check(page, contexte="mise en place de la double authentification")
    secret = lire_secret_totp(page)
    formulaire = page.locator("form:has(input[name=code])")
    formulaire.locator("input[name=code]").fill(totp_stable(secret))
    soumettre(page, formulaire)
    assert chemin(page) != reverse("mfa_activate_totp"), f"code TOTP refusé : {texte_alertes(page)}"
    if verifier_accessibilite:
        axe_check(page, contexte="après la mise en place de la double authentification")
    return secret


def lire_secret_totp(page: Page) -> str:
    """The secret as the set-up page shows it: allauth's read-only field, or a text on the page."""
    champ = page.locator("#authenticator_secret")
    if champ.count():
        valeur = champ.first.input_value() or champ.first.inner_text()
        if valeur.strip():
            return valeur.replace(" ", "").strip()
    trouve = SECRET_TOTP.search(page.locator("main").first.inner_text())
    assert trouve, "la page de mise en place de la double authentification n'affiche pas le secret"
    return re.sub(r"\s", "", trouve.group(0))


def texte_alertes(page: Page) -> str:
    erreurs = page.locator(".fr-alert, .fr-error-text, .errorlist, [role=alert]")
    return " | ".join(t.strip() for t in erreurs.all_inner_texts()) or "(aucun message affiché)"


# --- Page objects ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LienNavigation:
    label: str
    url: str
    courant: str | None


class Coquille:
    """The shell around every page: header, main navigation, current role, organisation switcher."""

    def __init__(self, page: Page):
        self.page = page

    @property
    def navigation(self):
        return self.page.locator("#navigation-principale")

    def liens_navigation(self) -> list[LienNavigation]:
        liens = self.navigation.locator("a.fr-nav__link")
        return [
            LienNavigation(
                label=lien.inner_text().strip(),
                url=lien.get_attribute("href"),
                courant=lien.get_attribute("aria-current"),
            )
            for lien in liens.all()
        ]

    def role_courant(self) -> str:
        return self.page.locator(".avenirpro-contexte__role").inner_text().strip()

    def titre(self) -> str:
        return self.page.locator("main h1").first.inner_text().strip()

    def ouvrir_menu_mobile(self) -> None:
        self.page.locator("#bouton-menu-mobile").click()
        self.navigation.wait_for(state="visible")

    def changer_organisation(self, libelle: str) -> None:
        formulaire = self.page.locator("form.avenirpro-contexte__changer")
        formulaire.get_by_label("Changer d'organisation").select_option(label=libelle)
        soumettre(self.page, formulaire)

    def se_deconnecter(self) -> None:
        """Log out with the header's button (on a phone, the copy the DSFR puts in the menu)."""
        formulaire = self.page.locator(".fr-header__tools-links form.avenirpro-form-deconnexion")
        if not formulaire.is_visible():
            if not self.navigation.is_visible():
                self.ouvrir_menu_mobile()
            formulaire = self.page.locator(".fr-header__menu-links form.avenirpro-form-deconnexion")
        soumettre(self.page, formulaire)
