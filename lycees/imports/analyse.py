"""Every row checked before anything is written: values, duplicates within the file, classes found."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from lycees.enums import ChampImport
from lycees.imports import valeurs
from lycees.imports.valeurs import ValeurInvalide


@dataclass(slots=True)
class LigneEleve:
    numero: int
    ref: str
    nom: str
    prenom: str
    date_naissance: datetime.date
    sexe: str
    ine: str
    division: str
    diplome: str
    specialite: str
    _cle: tuple | None = None

    @property
    def cle_identite(self) -> tuple:
        if self._cle is None:
            self._cle = cle_identite(self.nom, self.prenom, self.date_naissance)
        return self._cle


# A checked row kept between the preview and the execution (JSON): its class key first, then the fields.
def vers_json(lignes: list[LigneEleve]) -> list[list]:
    return [
        [
            valeurs.cle_division(ligne.division),
            ligne.numero,
            ligne.ref,
            ligne.nom,
            ligne.prenom,
            ligne.date_naissance.isoformat(),
            ligne.sexe,
            ligne.ine,
            ligne.division,
            ligne.diplome,
            ligne.specialite,
        ]
        for ligne in lignes
    ]


def depuis_json(gardees: list[list], selection: set[str] | None = None) -> list[LigneEleve]:
    """The rows ``vers_json`` kept, only those of the classes in ``selection`` when given."""
    date = datetime.date.fromisoformat
    return [
        LigneEleve(numero, ref, nom, prenom, date(naissance), sexe, ine, division, diplome, specialite)
        for cle, numero, ref, nom, prenom, naissance, sexe, ine, division, diplome, specialite in gardees
        if selection is None or cle in selection
    ]


def cle_identite(nom: str, prenom: str, date_naissance: datetime.date) -> tuple:
    """Same student when surname, first name (accents and case aside) and birth date agree."""
    return (valeurs.cle_texte(nom), valeurs.cle_texte(prenom), date_naissance)


@dataclass
class DivisionTrouvee:
    cle: str
    nom: str
    effectif: int = 0
    diplomes: Counter = field(default_factory=Counter)
    specialites: Counter = field(default_factory=Counter)
    finales: Counter = field(default_factory=Counter)
    erreurs: int = 0

    @property
    def diplome_devine(self) -> str:
        if self.diplomes:
            return self.diplomes.most_common(1)[0][0]
        return valeurs.diplome_d_une_division(self.nom) or ""

    @property
    def specialite_devinee(self) -> str:
        return self.specialites.most_common(1)[0][0] if self.specialites else ""

    @property
    def derniere_annee(self) -> bool | None:
        """From the MEF of its students (SIECLE), else from the name (« T… » for terminale)."""
        if self.finales:
            return self.finales.most_common(1)[0][0]
        return None


@dataclass
class Analyse:
    lignes: list[LigneEleve] = field(default_factory=list)
    erreurs: list[dict] = field(default_factory=list)
    divisions: dict[str, DivisionTrouvee] = field(default_factory=dict)
    total: int = 0

    def erreur(self, numero: int, ref: str, message: str, division: str = "") -> None:
        self.erreurs.append({"ligne": numero, "ref": ref, "message": message, "division": division})


def _classe(v) -> str:
    return valeurs.nom_personne(v, "classe", 60)


def _specialite(v) -> str:
    return valeurs.texte(v)[:200]


# (field, reader, first argument after the value): one table instead of eight try blocks.
_LECTEURS = (
    (ChampImport.NOM, valeurs.nom_personne, "nom"),
    (ChampImport.PRENOM, valeurs.nom_personne, "prénom"),
    (ChampImport.DATE_NAISSANCE, valeurs.date_naissance, None),
    (ChampImport.SEXE, valeurs.sexe, None),
    (ChampImport.INE, valeurs.ine, None),
    (ChampImport.DIVISION, _classe, None),
    (ChampImport.DIPLOME, valeurs.diplome, None),
    (ChampImport.SPECIALITE, _specialite, None),
)


def valider(brut: dict, numero: int, ref: str, annee_debut: int) -> LigneEleve | list[str]:
    """One row's raw values (keyed by ChampImport) → a clean row, or the list of what is wrong."""
    problemes = []
    resultats = []
    for champ, lire, argument in _LECTEURS:
        if champ is ChampImport.DATE_NAISSANCE:
            argument = annee_debut
        try:
            if argument is None:
                resultats.append(lire(brut.get(champ)))
            else:
                resultats.append(lire(brut.get(champ), argument))
        except ValeurInvalide as e:
            message = str(e)
            problemes.append("classe manquante" if message == "classe manquant" else message)
    if problemes:
        return problemes
    return LigneEleve(numero, ref, *resultats)


def analyser(bruts, annee_debut: int) -> Analyse:
    """``bruts``: iterable of (numero, ref, raw dict). Checks every row, then duplicates (INE, identity)."""
    analyse = Analyse()
    par_ine: dict[str, LigneEleve] = {}
    # Same name and birth date: the same student, unless both rows carry different INEs (two people).
    par_identite: dict[tuple, list[LigneEleve]] = {}
    for numero, ref, brut in bruts:
        analyse.total += 1
        nom_division = valeurs.texte(brut.get(ChampImport.DIVISION))
        cle = valeurs.cle_division(nom_division) if nom_division else ""
        trouvee = None
        if cle:
            trouvee = analyse.divisions.get(cle)
            if trouvee is None:
                trouvee = analyse.divisions[cle] = DivisionTrouvee(
                    cle=cle, nom=valeurs.nom_division(nom_division)
                )
            trouvee.effectif += 1
            fin = valeurs.mef_derniere_annee(brut.get("mef", ""))
            if fin is not None:
                trouvee.finales[fin] += 1
        resultat = valider(brut, numero, ref, annee_debut)
        if isinstance(resultat, list):
            analyse.erreur(numero, ref, " ; ".join(resultat), cle)
            if trouvee:
                trouvee.erreurs += 1
            continue
        ligne = resultat
        doublon = None
        if ligne.ine:
            doublon = par_ine.get(ligne.ine)
            if doublon:
                message = f"INE {ligne.ine} en double (déjà : {_ref(doublon)})"
            else:
                par_ine[ligne.ine] = ligne
        if doublon is None:
            homonymes = par_identite.setdefault(ligne.cle_identite, [])
            doublon = next((h for h in homonymes if not (ligne.ine and h.ine and ligne.ine != h.ine)), None)
            if doublon:
                message = (
                    f"{ligne.nom} {ligne.prenom}, né(e) le {ligne.date_naissance:%d/%m/%Y}, en double "
                    f"(déjà : {_ref(doublon)})"
                )
            else:
                homonymes.append(ligne)
        if doublon:
            analyse.erreur(numero, ref, message, cle)
            trouvee.erreurs += 1
            continue
        ligne.division = trouvee.nom
        if mef_diplome := valeurs.diplome_d_un_mef(brut.get("mef", "")):
            trouvee.diplomes[mef_diplome] += 1
        if ligne.diplome:
            trouvee.diplomes[ligne.diplome] += 1
        if ligne.specialite:
            trouvee.specialites[ligne.specialite] += 1
        analyse.lignes.append(ligne)
    return analyse


def _ref(ligne: LigneEleve) -> str:
    return ligne.ref[:1].lower() + ligne.ref[1:]


def bruts_du_tableau(tableau, correspondance: dict[str, int]):
    """(numero, ref, raw dict) for each data row of a CSV/XLSX grid, through the column mapping."""
    colonnes = [(champ, int(i)) for champ, i in correspondance.items() if i is not None and i != ""]
    for numero, cellules in tableau.lignes:
        n = len(cellules)
        yield numero, f"Ligne {numero}", {champ: cellules[i] if i < n else None for champ, i in colonnes}


def bruts_siecle(export):
    for numero, eleve in enumerate(export.eleves, start=1):
        yield numero, eleve["ref"], eleve
