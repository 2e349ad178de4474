"""The bounded load test of ``make bench`` (``bench.run`` starts it headless: 50 users, 2 minutes).

Each simulated user signs in as one of the benchmark accounts (their sessions and API tokens are in the
file named by ``BENCH_SESSIONS``) and mixes that profile's main journeys: the home page, then its lists
(students, classes, séances, events, assignments), a second page of a list, the API lists, with a
think time of 1 to 3 s. Any answer other than 200 counts as a failure.
"""

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

COMPTES = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text(encoding="utf-8"))

PARCOURS = {
    "chef_etablissement": [
        "/",
        "/lycees/eleves/",
        "/lycees/classes/",
        "/ateliers/",
        "/ateliers/evenements/",
        "/ateliers/suivi/",
        "/lycees/eleves/?page=2",
    ],
    "conseiller": ["/", "/lycees/eleves/", "/ateliers/", "/ateliers/evenements/", "/lycees/eleves/?page=3"],
    "pilote_regional": ["/", "/lycees/affectations/", "/lycees/affectations/repartition/"],
    "pilote_national": ["/", "/lycees/affectations/repartition/"],
}
API = {
    "chef_etablissement": ["/api/v1/eleves/", "/api/v1/seances/", "/api/v1/divisions/"],
    "conseiller": ["/api/v1/eleves/", "/api/v1/seances/", "/api/v1/evenements/"],
    "pilote_regional": ["/api/v1/affectations/", "/api/v1/lycees/"],
    "pilote_national": ["/api/v1/lycees/"],
}
# Lycée staff and counsellors are most of the users.
POIDS = {"chef_etablissement": 4, "conseiller": 4, "pilote_regional": 1, "pilote_national": 1}


class Utilisateur(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.compte = random.choices(COMPTES, weights=[POIDS.get(c["profil"], 1) for c in COMPTES])[0]
        self.client.cookies.set("sessionid", self.compte["session"], domain="127.0.0.1")
        self.profil = self.compte["profil"]

    def _get(self, url, **kwargs):
        with self.client.get(url, catch_response=True, allow_redirects=False, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    @task(3)
    def page(self):
        url = random.choice(PARCOURS.get(self.profil, ["/"]))
        self._get(url, name=f"{self.profil} {url}")

    @task(1)
    def api(self):
        url = random.choice(API.get(self.profil, ["/api/v1/lycees/"]))
        self._get(
            url, name=f"{self.profil} {url}", headers={"Authorization": f"Token {self.compte['api_token']}"}
        )
