"""``make bench``: the national data set measured over HTTP, written to ``var/bench.json`` (issue 13).

Steps, each printed as it runs:

1. the national database (``BENCH_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/
   avenirpro_national``): created, migrated and generated (``seed_demo --scale national --years 3``) when
   absent; the generator's seconds per school year are kept in ``var/bench-seed.json``;
2. the dashboards' aggregates recounted, as the beat job keeps them (``dashboards_s``);
3. gunicorn, 2 sync workers, DEBUG off, persistent connections, on ``BENCH_PORT`` (8801), serving
   ``bench.settings`` (the product plus a minimal page and a middleware giving each response's SQL
   queries and CPU ms);
4. for the four benchmark accounts (a head, a counsellor on 30 lycées × 3 years, the largest région's
   pilot, a national pilot): every page of their navigation and every API list, ``BENCH_REQUETES`` (200)
   requests each by ``BENCH_CLIENTS`` (2) concurrent HTTP clients: p50, p95, queries, CPU ms, and the
   throughput as a ratio of the minimal page's measured just before and just after it (the mean of the
   two: ``rps_ratio``; ``rps_ratio_to_run_median`` compares with the median of all the minimal page's
   measures of the run), and the rows each list showed; an API the role is refused (403) is
   listed in ``pages_refusees``, not timed; ``conseiller_vs_chef`` compares the counsellor's CPU per
   request with the head's, page by page, saying whether both showed the same number of rows;
5. the roster import end to end (deposit, preview, confirm, finished) of 5,000 rows: CSV creation, CSV
   with every row changed, SIECLE XML; into the head's lycée for next school year, removed afterwards;
6. the indicators (a national bimonthly return, its hand-written SQL reference, PDF, XLSX, CSV) when the
   indicators app offers a return compiler, else ``null`` with the reason;
7. locust, headless: 50 users mixing the main journeys for 2 minutes (``BENCH_CHARGE_SECONDES``).

Run with ``python -m bench.run`` (``make bench`` does). The machine is shared: figures are noisy; each
page's throughput is compared with the minimal page of the same run.
"""

import csv
import datetime
import io
import json
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

RACINE = Path(__file__).resolve().parent.parent
VAR = RACINE / "var"
PY = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/avenirpro_national")
PORT = int(os.environ.get("BENCH_PORT", "8801"))
BASE = f"http://127.0.0.1:{PORT}"
REQUETES = int(os.environ.get("BENCH_REQUETES", "200"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "2"))
# The minimal page measured after each page (100 requests: half a second at ~200 requests/s).
REQUETES_MINIMALE = int(os.environ.get("BENCH_REQUETES_MINIMALE", "100"))
CHARGE_UTILISATEURS = int(os.environ.get("BENCH_CHARGE_UTILISATEURS", "50"))
CHARGE_SECONDES = int(os.environ.get("BENCH_CHARGE_SECONDES", "120"))
# A partial run, to check one change (written to var/bench-partiel.json, never to var/bench.json):
# BENCH_PROFILS=conseiller,chef_etablissement and/or BENCH_ETAPES=pages (pages, import, indicateurs, charge).
PROFILS = [p for p in os.environ.get("BENCH_PROFILS", "").split(",") if p]
ETAPES_TOUTES = ("pages", "import", "indicateurs", "charge")
ETAPES = [e for e in os.environ.get("BENCH_ETAPES", ",".join(ETAPES_TOUTES)).split(",") if e]
PARTIEL = bool(PROFILS) or set(ETAPES) != set(ETAPES_TOUTES)
LIGNES_IMPORT = 5_000
# The database settings production needs (docs/exploitation.md, docker-compose.yml's postgres command):
# the benchmark measures with them, set on its database (ALTER DATABASE … SET).
REGLAGES_POSTGRES = {"random_page_cost": "1.1", "jit": "off", "work_mem": "32MB"}
ANNEES = 3


def dire(texte: str) -> None:
    print(texte, flush=True)


def env_serveur() -> dict:
    """The environment of gunicorn and of every command: the national database, DEBUG off, no Redis
    (Celery runs its jobs in the process, so an import is timed end to end by its own requests)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "AVENIRPRO_REQUIRE_SERVICES")}
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECURE_HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="600",
        PYTHONPATH=str(RACINE),
        # The API's throttles (600 requests a minute per account) would answer 429 within the 200 requests
        # of one list: the benchmark measures the pages, not the throttle (tests/api/test_throttling.py).
        API_THROTTLE_COMPTE="10000000/min",
        API_THROTTLE_ADRESSE="10000000/min",
    )
    env.setdefault("SECRET_KEY", "bench-" + "x" * 50)
    return env


# --- 1. the national database ---------------------------------------------------------------------------


def _admin_url() -> tuple[str, str]:
    parties = urlparse(DATABASE_URL)
    nom = parties.path.lstrip("/")
    return urlunparse(parties._replace(path="/postgres")), nom


def base_nationale() -> float | None:
    """Create, migrate and generate the national database if needed; the generator's s/year."""
    import psycopg

    admin, nom = _admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        existe = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (nom,)).fetchone()
        if not existe:
            dire(f"== Base {nom} absente : création")
            conn.execute(f'CREATE DATABASE "{nom}"')
        for reglage, valeur in REGLAGES_POSTGRES.items():
            conn.execute(f"ALTER DATABASE \"{nom}\" SET {reglage} = '{valeur}'")
    env = env_serveur()
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=RACINE, env=env, check=True)
    if not (VAR / "staticfiles" / "staticfiles.json").exists():
        dire("== collectstatic (DEBUG désactivé : fichiers statiques avec manifeste, ~35 s)")
        commande = [PY, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(commande, cwd=RACINE, env=env, check=True)
    with psycopg.connect(DATABASE_URL) as conn:
        generee = conn.execute("SELECT count(*) FROM lycees_lycee").fetchone()[0] > 0
    fichier_seed = VAR / "bench-seed.json"
    if not generee:
        dire(f"== Génération du jeu de données national ({ANNEES} années, ~{ANNEES * 30} s)")
        sortie = subprocess.run(
            [PY, "manage.py", "seed_demo", "--scale", "national", "--years", str(ANNEES)],
            cwd=RACINE,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        dire(sortie.rstrip().splitlines()[-1])
        trouve = re.search(r"\(([\d.]+) s par année scolaire\)", sortie)
        par_annee = float(trouve.group(1)) if trouve else None
        fichier_seed.write_text(
            json.dumps({"base": nom, "seed_s_per_year": par_annee, "annees": ANNEES}) + "\n"
        )
        return par_annee
    if fichier_seed.exists():
        return json.loads(fichier_seed.read_text()).get("seed_s_per_year")
    return mesurer_generation_seule()


def mesurer_generation_seule() -> float | None:
    """The database was generated elsewhere: time one school year in a scratch database, then drop it."""
    import psycopg

    admin, nom = _admin_url()
    brouillon = f"{nom}_mesure_seed"
    url = urlunparse(urlparse(DATABASE_URL)._replace(path=f"/{brouillon}"))
    dire(f"== Génération d'une année dans {brouillon} (mesure du générateur)")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{brouillon}"')
        conn.execute(f'CREATE DATABASE "{brouillon}"')
    env = {**env_serveur(), "DATABASE_URL": url, "AVENIRPRO_VAR_DIR": str(VAR / "bench-seed-brouillon")}
    try:
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=RACINE, env=env, check=True)
        sortie = subprocess.run(
            [PY, "manage.py", "seed_demo", "--scale", "national", "--years", "1"],
            cwd=RACINE,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{brouillon}"')
    trouve = re.search(r"\(([\d.]+) s par année scolaire\)", sortie)
    par_annee = float(trouve.group(1)) if trouve else None
    (VAR / "bench-seed.json").write_text(
        json.dumps({"base": brouillon, "seed_s_per_year": par_annee, "annees": 1}) + "\n"
    )
    return par_annee


# --- 2. gunicorn ----------------------------------------------------------------------------------------


class Serveur:
    def __init__(self):
        self.process = None

    def __enter__(self):
        import requests

        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "avenirpro.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "300",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=RACINE,
            env=env_serveur(),
        )
        for _ in range(120):
            try:
                requests.get(f"{BASE}/", timeout=10, allow_redirects=False)
                return self
            except requests.RequestException:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("gunicorn ne répond pas")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- 3. pages and API lists -----------------------------------------------------------------------------


def preparer_django() -> None:
    os.environ.update(env_serveur())
    sys.path.insert(0, str(RACINE))
    import django

    django.setup()


def comptes() -> list[dict]:
    """The benchmark accounts (var/bench-accounts.json, written by the generator), each with a session."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    fichier = VAR / "bench-accounts.json"
    if not fichier.exists():
        raise SystemExit(
            f"{fichier} manque : il est écrit par seed_demo --scale national. Supprimez la base "
            f"{_admin_url()[1]} pour qu'elle soit générée à nouveau."
        )
    resultat = []
    for compte in json.loads(fichier.read_text()):
        user = get_user_model().objects.get(email=compte["email"])
        client = Client()
        client.force_login(user)
        resultat.append({**compte, "session": client.cookies["sessionid"].value, "user_id": user.pk})
    return resultat


def session_http(compte: dict):
    import requests

    s = requests.Session()
    s.cookies.set("sessionid", compte["session"], domain="127.0.0.1")
    s.headers["User-Agent"] = "avenirpro-bench"
    return s


def liens_navigation(html: str) -> list[str]:
    """The hrefs of the main navigation (DSFR ``fr-nav__link``), in menu order, without duplicates."""
    vus = []
    for href in re.findall(r'<a[^>]*class="fr-nav__link"[^>]*href="([^"#?]+)"', html) + re.findall(
        r'<a[^>]*href="([^"#?]+)"[^>]*class="fr-nav__link"', html
    ):
        if href.startswith("/") and href not in vus:
            vus.append(href)
    return vus


def lignes_affichees(reponse) -> int | None:
    """The rows a list shows: ``results`` of an API page, the ``<tr>`` of an HTML page's ``<tbody>``
    elements (None for a page without a table). The counsellor and the head are compared on the same
    number of rows (``conseiller_vs_chef``)."""
    if reponse.headers.get("Content-Type", "").startswith("application/json"):
        donnees = reponse.json()
        if isinstance(donnees, dict) and isinstance(donnees.get("results"), list):
            return len(donnees["results"])
        return len(donnees) if isinstance(donnees, list) else None
    corps = re.findall(r"<tbody[^>]*>(.*?)</tbody>", reponse.text, re.S)
    return sum(len(re.findall(r"<tr[\s>]", b)) for b in corps) if corps else None


def mesurer(sessions: list, url: str, n: int = REQUETES) -> dict:
    """n GETs of one URL by len(sessions) concurrent clients (one session each)."""
    durees, requetes, cpu, statuts = [], [], [], {}
    lignes = lignes_affichees(sessions[0].get(url, timeout=60, allow_redirects=False))
    verrou = threading.Lock()

    def un(i):
        s = sessions[i % len(sessions)]
        debut = time.perf_counter()
        r = s.get(url, timeout=60, allow_redirects=False)
        duree = (time.perf_counter() - debut) * 1000
        with verrou:
            durees.append(duree)
            statuts[r.status_code] = statuts.get(r.status_code, 0) + 1
            if "X-Bench-Requetes" in r.headers:
                requetes.append(int(r.headers["X-Bench-Requetes"]))
                cpu.append(float(r.headers["X-Bench-Cpu-Ms"]))

    for i in range(min(20, n)):  # warm-up: both workers, their connections and template caches
        un(i)
    durees.clear(), requetes.clear(), cpu.clear(), statuts.clear()
    debut = time.perf_counter()
    with ThreadPoolExecutor(len(sessions)) as pool:
        list(pool.map(un, range(n)))
    ecoule = time.perf_counter() - debut
    durees.sort()
    return {
        "p50_ms": round(statistics.median(durees), 1),
        "p95_ms": round(durees[max(0, int(len(durees) * 0.95) - 1)], 1),
        "queries": int(statistics.median(requetes)) if requetes else None,
        "cpu_ms": round(statistics.median(cpu), 1) if cpu else None,
        "rps": round(n / ecoule, 1),
        "statuts": {str(k): v for k, v in sorted(statuts.items())},
        "rows": lignes,
    }


def conseiller_vs_chef(pages: dict) -> dict:
    """The counsellor's CPU per request over the head's, for each page both measured (target: 1.3× for
    the same number of rows). ``same_rows`` says whether the two pages showed as many rows: the head of
    a 150-student lycée lists 8 events where the counsellor of 30 lycées lists 50."""
    resultat = {}
    for nom, m in pages.items():
        profil, _, url = nom.partition(" ")
        chef = pages.get(f"chef_etablissement {url}")
        if profil != "conseiller" or chef is None or not (m["cpu_ms"] and chef["cpu_ms"]):
            continue
        resultat[url] = {
            "cpu_ratio": round(m["cpu_ms"] / chef["cpu_ms"], 2),
            "rows": [m.get("rows"), chef.get("rows")],
            "same_rows": m.get("rows") == chef.get("rows"),
        }
    return resultat


def avec_ratios(brutes: dict, voisines: dict, rps_min: float) -> dict:
    """Each page's throughput over the minimal page's measured around it (``rps_ratio``) and over the
    median of the run's minimal measures (``rps_ratio_to_run_median``)."""
    return {
        nom: {
            **m,
            "rps_ratio": round(m["rps"] / voisines[nom], 2),
            "minimal_rps_around": round(voisines[nom], 1),
            "rps_ratio_to_run_median": round(m["rps"] / rps_min, 2),
        }
        for nom, m in brutes.items()
    }


def parametres_minimale(comptes_: list[dict]) -> str:
    from avenirpro.models import AnneeScolaire
    from lycees.models import Lycee

    chef = next(c for c in comptes_ if c["profil"] == "chef_etablissement")
    lycee = Lycee.objects.get(uai=chef["uai"])
    return f"?lycee={lycee.pk}&annee={AnneeScolaire.objects.courante().pk}"


PAGES_EN_PLUS = ["/ateliers/suivi/", "/ateliers/satisfaction/"]


def pages_du_compte(compte: dict) -> list[str]:
    s = session_http(compte)
    accueil = s.get(f"{BASE}/", timeout=60)
    accueil.raise_for_status()
    pages = liens_navigation(accueil.text)
    for url in PAGES_EN_PLUS:
        if url not in pages and s.get(f"{BASE}{url}", timeout=60, allow_redirects=False).status_code == 200:
            pages.append(url)
    return pages


def listes_api() -> list[str]:
    from avenirpro.api.router import router
    from avenirpro.api.urls import urlpatterns  # noqa: F401  (imports every app's api module)

    # The lists only: a route with a parameter in its prefix (a student's timeline) or a viewset without
    # ``list`` (the bulk outcomes, POST only) would be timed on its 404 or 405.
    return [
        f"/api/v1/{prefixe}/"
        for prefixe, viewset, _nom in router.registry
        if "(?P" not in prefixe and hasattr(viewset, "list")
    ]


def api_http(compte: dict):
    import requests

    s = requests.Session()
    s.headers["Authorization"] = f"Token {compte['api_token']}"
    s.headers["User-Agent"] = "avenirpro-bench"
    return s


# --- 4. roster import -----------------------------------------------------------------------------------

CLASSES_IMPORT = [f"TBP BENCH{i:02d}" for i in range(1, 201)]  # 200 classes of 25


def lignes_import(n: int, annee_debut: int, variante: int) -> list[tuple]:
    """n distinct students (nom, prénom, naissance, sexe, classe, INE); ``variante`` changes every row
    but its INE (first name, sex and class)."""
    hasard = random.Random(13)
    noms = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy"]
    prenoms = ["Léa", "Chloé", "Inès", "Jade", "Hugo", "Lucas", "Théo", "Nathan", "Enzo", "Maël"]
    lignes = []
    for i in range(n):
        naissance = datetime.date(annee_debut - 18, 1, 1) + datetime.timedelta(days=hasard.randrange(700))
        lignes.append(
            (
                f"{hasard.choice(noms)}-{i}",
                prenoms[(i + variante) % len(prenoms)],
                naissance,
                "MF"[(i + variante) % 2],
                CLASSES_IMPORT[(i // 25 + variante) % len(CLASSES_IMPORT)],
                f"{900000000 + i:010d}{chr(65 + i % 26)}",
            )
        )
    return lignes


def csv_import(lignes) -> bytes:
    sortie = io.StringIO(newline="")
    ecrivain = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(["Nom", "Prénom", "Date de naissance", "Sexe", "Classe", "INE"])
    for nom, prenom, naissance, sexe, classe, ine in lignes:
        ecrivain.writerow([nom, prenom, naissance.strftime("%d/%m/%Y"), sexe, classe, ine])
    return sortie.getvalue().encode("utf-8")


def siecle_import(lignes, uai: str, annee_debut: int) -> bytes:
    """An « ElevesSansAdresses » export of these students (final-year bac pro MEF)."""
    eleves, structures = [], []
    for i, (nom, prenom, naissance, sexe, classe, ine) in enumerate(lignes, start=1):
        eleves.append(
            f'<ELEVE ELEVE_ID="{i}" ELENOET="{i}"><ID_NATIONAL>{ine}</ID_NATIONAL>'
            f"<NOM_DE_FAMILLE>{nom.upper()}</NOM_DE_FAMILLE><PRENOM>{prenom}</PRENOM>"
            f"<DATE_NAISS>{naissance:%d/%m/%Y}</DATE_NAISS><CODE_SEXE>{1 if sexe == 'M' else 2}</CODE_SEXE>"
            "<CODE_MEF>24725510330</CODE_MEF></ELEVE>"
        )
        structures.append(
            f'<STRUCTURES_ELEVE ELEVE_ID="{i}"><STRUCTURE><CODE_STRUCTURE>{classe.replace(" ", "")}'
            "</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>"
        )
    texte = (
        '<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.2"><PARAMETRES>'
        f"<UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>{annee_debut}</ANNEE_SCOLAIRE>"
        f"<DATE_EXPORT>01/09/{annee_debut}</DATE_EXPORT></PARAMETRES><DONNEES><ELEVES>"
        + "".join(eleves)
        + "</ELEVES><STRUCTURES>"
        + "".join(structures)
        + "</STRUCTURES></DONNEES></BEE_ELEVES>\n"
    )
    return texte.encode("iso-8859-15")


def _jeton_csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def vider_annee_import(lycee, annee) -> None:
    """What a previous run imported into the head's lycée for next year (students, then classes)."""
    from lycees.models import Division, Eleve, ImportEffectifs

    raison = "banc d'essai : effacer les imports de mesure"
    Eleve.objects.unscoped(raison).filter(lycee=lycee, annee=annee).delete()
    Division.objects.unscoped(raison).filter(lycee=lycee, annee=annee).delete()
    ImportEffectifs.objects.unscoped(raison).filter(lycee=lycee, annee=annee).delete()


def importer(compte: dict, nom_fichier: str, contenu: bytes, annee_debut: int) -> dict:
    """Deposit → (columns) → preview → confirm → finished, over HTTP as the head; seconds and rows/s."""
    from lycees.enums import FormatImport, StatutImport
    from lycees.models import ImportEffectifs

    s = session_http(compte)
    debut = time.perf_counter()
    etapes: dict[str, float] = {}

    def fin_d_etape(nom: str) -> None:
        etapes[nom] = round(time.perf_counter() - debut - sum(etapes.values()), 3)

    page = s.get(f"{BASE}/lycees/import/", timeout=60)
    r = s.post(
        f"{BASE}/lycees/import/",
        data={"csrfmiddlewaretoken": _jeton_csrf(page.text), "annee": str(annee_debut)},
        files={"fichier": (nom_fichier, contenu)},
        timeout=300,
        allow_redirects=False,
    )
    if r.status_code != 302:
        raise RuntimeError(f"dépôt refusé ({r.status_code}) : {r.text[:2000]}")
    fin_d_etape("depot")
    uuid = re.search(r"/import/([0-9a-f-]{36})/", r.headers["Location"]).group(1)
    imp = ImportEffectifs.objects.unscoped("banc d'essai").get(uuid=uuid)
    if imp.statut == StatutImport.A_ASSOCIER:
        page = s.get(f"{BASE}/lycees/import/{uuid}/colonnes/", timeout=60)
        donnees = {"csrfmiddlewaretoken": _jeton_csrf(page.text)}
        donnees.update({champ: str(i) for champ, i in imp.correspondance.items() if i is not None})
        r = s.post(f"{BASE}/lycees/import/{uuid}/colonnes/", data=donnees, timeout=300, allow_redirects=False)
        if r.status_code != 302:
            raise RuntimeError(f"colonnes refusées ({r.status_code}) : {r.text[:2000]}")
        fin_d_etape("colonnes")
    page = s.get(f"{BASE}/lycees/import/{uuid}/", timeout=60)
    fin_d_etape("apercu")
    imp.refresh_from_db()
    donnees = {"csrfmiddlewaretoken": _jeton_csrf(page.text)}
    for i, d in enumerate(imp.apercu.get("divisions", [])):
        if imp.format == FormatImport.SIECLE:
            donnees[f"d{i}_importer"] = "on"
        if not d["existante"]:
            donnees[f"d{i}_diplome"] = d["diplome"] or "bac_pro"
    r = s.post(f"{BASE}/lycees/import/{uuid}/confirmer/", data=donnees, timeout=300, allow_redirects=False)
    if r.status_code != 302:
        raise RuntimeError(f"confirmation refusée ({r.status_code}) : {r.text[:2000]}")
    fin_d_etape("confirmation")
    for _ in range(600):
        imp.refresh_from_db()
        if imp.est_fini:
            break
        time.sleep(0.1)
    duree = time.perf_counter() - debut
    fin_d_etape("fin")
    if imp.statut != StatutImport.TERMINE:
        raise RuntimeError(f"import {nom_fichier} : {imp.statut} {imp.erreurs[:5]}")
    return {
        "s": round(duree, 2),
        "rows_per_s": round(imp.nb_lignes / duree),
        "etapes_s": etapes,
        "resultat": imp.resultat,
    }


def attendre_le_repos(limite_s: float = 90) -> dict:
    """Before a phase timed end to end (the imports, the return): wait until PostgreSQL's autovacuum has
    finished what the previous phase gave it (tens of thousands of access-log rows and sessions written
    by the pages' requests), at most ``limite_s``. What it waited for is kept in var/bench.json."""
    import psycopg

    debut = time.perf_counter()
    vus = 0
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        while time.perf_counter() - debut < limite_s:
            actifs = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                " AND datname = current_database()"
            ).fetchone()[0]
            vus = max(vus, actifs)
            if not actifs:
                break
            time.sleep(0.5)
    attente = round(time.perf_counter() - debut, 1)
    if vus:
        dire(f"(autovacuum en cours : {attente} s d'attente avant la mesure)")
    return {"attente_s": attente, "autovacuum_vus": vus}


def mesurer_imports(comptes_: list[dict]) -> dict:
    from avenirpro.models import AnneeScolaire
    from lycees.models import Lycee

    chef = next(c for c in comptes_ if c["profil"] == "chef_etablissement")
    lycee = Lycee.objects.get(uai=chef["uai"])
    annee_debut = AnneeScolaire.objects.courante().annee_debut + 1
    annee, _ = AnneeScolaire.objects.get_or_create(annee_debut=annee_debut)
    resultats = {}
    vider_annee_import(lycee, annee)
    try:
        creation = lignes_import(LIGNES_IMPORT, annee_debut, 0)
        resultats["csv_create"] = importer(chef, "eleves.csv", csv_import(creation), annee_debut)
        changees = lignes_import(LIGNES_IMPORT, annee_debut, 1)
        resultats["csv_update"] = importer(chef, "eleves-modifies.csv", csv_import(changees), annee_debut)
        vider_annee_import(lycee, annee)
        xml = siecle_import(creation, lycee.uai, annee_debut)
        resultats["siecle"] = importer(chef, "ElevesSansAdresses.xml", xml, annee_debut)
    finally:
        vider_annee_import(lycee, annee)
    return resultats


# --- 5. indicators --------------------------------------------------------------------------------------


def mesurer_indicateurs() -> dict:
    """The national bimonthly return, once the indicators app compiles one (``indicateurs.bench``
    exposing ``mesurer() -> dict`` with the keys below); until then every key is null, with the reason."""
    import importlib.util

    cles = ("return_s", "return_sql_s", "return_ratio", "pdf_s", "xlsx_s", "csv_s")
    if importlib.util.find_spec("indicateurs.bench") is None:
        raison = (
            "l'application indicateurs ne compile pas encore de remontée bimestrielle "
            "(pas de module indicateurs.bench)"
        )
        return {**dict.fromkeys(cles), "indicateurs_absents": raison}
    from indicateurs import bench

    mesures = bench.mesurer()
    return {cle: mesures.get(cle) for cle in cles}


def tableaux_de_bord() -> float:
    """The dashboards' aggregates recounted, as the beat job does every 15 minutes in production (so that
    the pilots' pages and ``/api/v1/indicateurs/`` read fresh aggregates, on any national data set): the
    job's seconds for every kept scope (national, networks, régions)."""
    from indicateurs.services import actualiser_tableaux_de_bord

    debut = time.perf_counter()
    actualiser_tableaux_de_bord()
    return round(time.perf_counter() - debut, 1)


# --- 6. load test ---------------------------------------------------------------------------------------


def charge(comptes_: list[dict]) -> dict:
    fichier_comptes = VAR / "bench-sessions.json"
    fichier_comptes.write_text(json.dumps(comptes_))
    prefixe = VAR / "bench-locust"
    commande = [
        str(Path(PY).parent / "locust"),
        "-f",
        str(RACINE / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(CHARGE_UTILISATEURS),
        "--spawn-rate",
        "10",
        "--run-time",
        f"{CHARGE_SECONDES}s",
        "--host",
        BASE,
        "--csv",
        str(prefixe),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(
        commande, cwd=RACINE, env={**os.environ, "BENCH_SESSIONS": str(fichier_comptes)}, check=False
    )
    with open(f"{prefixe}_stats.csv", encoding="utf-8") as f:
        total = next(ligne for ligne in csv.DictReader(f) if ligne["Name"] == "Aggregated")
    requetes = int(total["Request Count"])
    echecs = int(total["Failure Count"])
    return {
        "load_p95_ms": float(total["95%"]),
        "load_error_rate": round(echecs / requetes, 4) if requetes else None,
        "load_requests": requetes,
        "load_rps": round(float(total["Requests/s"]), 1),
    }


# --- the run --------------------------------------------------------------------------------------------


def machine() -> dict:
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        reglages = {r: conn.execute(f"SHOW {r}").fetchone()[0] for r in REGLAGES_POSTGRES}
    memoire = None
    if Path("/proc/meminfo").exists():
        memoire = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_mb": memoire,
        "load_average_start": [round(x, 2) for x in os.getloadavg()],
        "postgresql": version,
        "postgresql_settings": reglages,
    }


def git_commit() -> str | None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=RACINE, capture_output=True, text=True, check=True
        ).stdout.strip()
        statut = ["git", "status", "--porcelain", "--untracked-files=no"]
        sale = subprocess.run(statut, cwd=RACINE, capture_output=True, text=True).stdout.strip()
        return commit + ("-dirty" if sale else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def tableau(resultat: dict) -> str:
    lignes = [f"{'page':<58} {'p50':>7} {'p95':>7} {'req':>4} {'cpu':>7} {'ratio':>6}  statuts"]
    for nom, m in resultat["pages"].items():
        requetes = "-" if m["queries"] is None else m["queries"]
        cpu = "-" if m["cpu_ms"] is None else m["cpu_ms"]
        lignes.append(
            f"{nom:<58} {m['p50_ms']:>7} {m['p95_ms']:>7} {requetes:>4} {cpu:>7} {m['rps_ratio']:>6}  "
            f"{m['statuts']}"
        )
    lignes.append("")
    comparees = resultat.get("conseiller_vs_chef", {})
    if comparees:
        lignes.append(f"{'conseiller / chef (CPU)':<58} {'ratio':>7} {'lignes':>9}")
        for url, c in comparees.items():
            lignes.append(f"{url:<58} {c['cpu_ratio']:>7} {str(c['rows'][0]) + '/' + str(c['rows'][1]):>9}")
        lignes.append("")
    for cle in (
        "minimal_rps",
        "import_rows_per_s",
        "seed_s_per_year",
        "dashboards_s",
        "return_s",
        "load_p95_ms",
    ):
        lignes.append(f"{cle}: {resultat.get(cle)}")
    lignes.append(f"load_error_rate: {resultat.get('load_error_rate')}")
    return "\n".join(lignes)


def main() -> None:
    # Stopped (Ctrl-C, SIGTERM): unwind, so that gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    VAR.mkdir(exist_ok=True)
    debut = time.perf_counter()
    seed = base_nationale()
    preparer_django()
    resultat = {"machine": machine(), "git_commit": git_commit(), "seed_s_per_year": seed}
    resultat["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    comptes_ = comptes()
    minimale = f"{BASE}/_bench/minimale/{parametres_minimale(comptes_)}"
    chef = next(c for c in comptes_ if c["profil"] == "chef_etablissement")
    dire("== Tableaux de bord (la tâche planifiée des agrégats)")
    resultat["dashboards_s"] = tableaux_de_bord()
    dire(f"dashboards_s : {resultat['dashboards_s']}")
    with Serveur():
        dire(f"== gunicorn (2 workers) sur {BASE} ; {REQUETES} requêtes par page, {CLIENTS} clients")

        def page_minimale(n: int = REQUETES_MINIMALE) -> dict:
            return mesurer([session_http(chef) for _ in range(CLIENTS)], minimale, n)

        # The minimal page before the first page and after each one: a page's throughput is compared with
        # the minimal page's just around it (the mean of the two), as the machine's speed drifts by tens
        # of percent in minutes (docs/scaling.md, fourth measure).
        minimales = [page_minimale(REQUETES)]
        dire(f"page minimale : {minimales[0]}")
        brutes, refusees, voisines = {}, {}, {}
        api = listes_api()
        mesures = [c for c in comptes_ if c["profil"] in PROFILS] if PROFILS else comptes_
        for compte in mesures if "pages" in ETAPES else []:
            profil = compte["profil"]
            cibles = [(f"{profil} {url}", url, session_http) for url in pages_du_compte(compte)]
            cibles += [(f"{profil} {url}", url, api_http) for url in api]
            for nom, url, fabrique in cibles:
                statut = fabrique(compte).get(f"{BASE}{url}", timeout=60, allow_redirects=False).status_code
                if statut != 200:  # an API the role is refused (403) is not one of its lists
                    refusees[nom] = statut
                    dire(f"{nom:<58} {statut} : non mesurée")
                    continue
                m = mesurer([fabrique(compte) for _ in range(CLIENTS)], f"{BASE}{url}")
                minimales.append(page_minimale())
                voisines[nom] = statistics.mean(x["rps"] for x in minimales[-2:])
                brutes[nom] = m
                dire(
                    f"{nom:<58} p50 {m['p50_ms']:>6} p95 {m['p95_ms']:>6} q {m['queries']} {m['cpu_ms']} ms"
                    f" ; {m['rps']} req/s, minimale autour {voisines[nom]:.1f}"
                )
        rps_min = statistics.median(m["rps"] for m in minimales)
        resultat["minimal_page"] = {**minimales[0], "rps_runs": [m["rps"] for m in minimales]}
        resultat["minimal_rps"] = rps_min
        resultat["pages"] = avec_ratios(brutes, voisines, rps_min)
        resultat["pages_refusees"] = refusees
        resultat["conseiller_vs_chef"] = conseiller_vs_chef(resultat["pages"])
        if "import" in ETAPES:
            dire("== Import des effectifs (5 000 lignes, de bout en bout)")
            resultat["repos_avant_import"] = attendre_le_repos()
            imports = mesurer_imports(comptes_)
            resultat["import_rows_per_s"] = {cle: v["rows_per_s"] for cle, v in imports.items()}
            resultat["import_details"] = imports
            dire(f"import_rows_per_s : {resultat['import_rows_per_s']}")
        if "indicateurs" in ETAPES:
            dire("== Indicateurs")
            resultat["repos_avant_indicateurs"] = attendre_le_repos()
            resultat.update(mesurer_indicateurs())
        if "charge" in ETAPES:
            dire(f"== Charge : locust, {CHARGE_UTILISATEURS} utilisateurs, {CHARGE_SECONDES} s")
            comptes_ = comptes()  # fresh sessions (the idle timeout)
            resultat.update(charge(comptes_))
    resultat["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    resultat["duree_s"] = round(time.perf_counter() - debut)
    sortie = VAR / ("bench-partiel.json" if PARTIEL else "bench.json")
    sortie.write_text(json.dumps(resultat, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    dire("")
    dire(tableau(resultat))
    dire(f"\nÉcrit : {sortie} ({resultat['duree_s']} s)")


if __name__ == "__main__":
    main()
