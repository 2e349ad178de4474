"""Forms of the classes, students and roster import pages. They only shape the input: the rules live in
lycees/services/effectifs.py and lycees/services/imports.py."""

from django import forms
from django.utils import timezone

from avenirpro.forms import Formulaire
from avenirpro.models import AnneeScolaire
from lycees.enums import (
    ChampImport,
    Diplome,
    FormatImport,
    MoyenInformation,
    ParcoursChoisi,
    ResultatExamen,
    Sexe,
    Solution,
)
from lycees.imports import TAILLE_MAX_FICHIER
from lycees.models import Division

CHOIX_VIDE = [("", "— Choisir —")]


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


class DivisionForm(Formulaire):
    nom = forms.CharField(
        label="Nom de la classe", max_length=60, help_text="Comme dans SIECLE, par exemple « TBP MELEC »."
    )
    diplome = forms.ChoiceField(label="Diplôme préparé", choices=CHOIX_VIDE + Diplome.choices)
    specialite = forms.CharField(
        label="Spécialité",
        max_length=200,
        required=False,
        help_text="Par exemple « Métiers de l'électricité et de ses environnements connectés ».",
    )


class LibelleDivision:
    """How a class is named in a choice list (one or several classes), here and in the workshops."""

    def label_from_instance(self, obj):
        return f"{obj.nom} — {obj.get_diplome_display()}" + (f", {obj.specialite}" if obj.specialite else "")


class DivisionChoiceField(LibelleDivision, forms.ModelChoiceField):
    pass


class DivisionsChoiceField(LibelleDivision, forms.ModelMultipleChoiceField):
    pass


class EleveForm(Formulaire):
    division = DivisionChoiceField(
        label="Classe",
        queryset=Division.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="— Sans classe —",
        error_messages={"invalid_choice": "Choisissez une classe de ce lycée pour la même année scolaire."},
    )
    nom = forms.CharField(label="Nom", max_length=100)
    prenom = forms.CharField(label="Prénom", max_length=100)
    date_naissance = _date("Date de naissance")
    sexe = forms.ChoiceField(label="Sexe", choices=CHOIX_VIDE + Sexe.choices)
    ine = forms.CharField(
        label="INE",
        max_length=20,
        required=False,
        help_text="Identifiant national élève : 11 chiffres ou lettres (facultatif).",
    )
    diplome = forms.ChoiceField(
        label="Diplôme préparé",
        choices=[("", "— Celui de la classe —"), *Diplome.choices],
        required=False,
    )
    specialite = forms.CharField(
        label="Spécialité", max_length=200, required=False, help_text="Vide : celle de la classe."
    )
    parcours = forms.ChoiceField(label="Parcours choisi", choices=ParcoursChoisi.choices, required=False)
    resultat_examen = forms.ChoiceField(
        label="Résultat à l'examen", choices=ResultatExamen.choices, required=False
    )
    solution = forms.ChoiceField(label="Solution en fin d'année", choices=Solution.choices, required=False)
    solution_le = _date("Solution connue le", required=False)
    solution_precision = forms.CharField(
        label="Précision sur la solution",
        max_length=200,
        required=False,
        help_text="Employeur, formation, établissement… (facultatif).",
    )
    parcoursup_accepte = forms.TypedChoiceField(
        label="Place acceptée sur Parcoursup",
        choices=[("False", "Non"), ("True", "Oui")],
        coerce=lambda v: v == "True",
        empty_value=False,
        required=False,
    )
    parcoursup_formation = forms.CharField(
        label="Formation acceptée sur Parcoursup", max_length=200, required=False
    )
    famille_informee_le = _date("Famille informée le", required=False)
    famille_informee_par = forms.ChoiceField(
        label="Moyen d'information de la famille",
        choices=[("", "— Non informée —"), *MoyenInformation.choices],
        required=False,
    )

    def __init__(self, *args, divisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is not None:
            self.fields["division"].queryset = divisions

    def donnees_service(self) -> dict:
        """cleaned_data as the service expects it (empty diploma/speciality: the class's)."""
        donnees = dict(self.cleaned_data)
        if not donnees.get("specialite"):
            donnees["specialite"] = None
        return donnees


class FamillesInformeesForm(Formulaire):
    date = _date("Date de l'information")
    moyen = forms.ChoiceField(label="Moyen", choices=CHOIX_VIDE + MoyenInformation.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


# --- import -------------------------------------------------------------------------------------


def annees_importables() -> list[int]:
    """The current school year, and the next one (rosters are prepared in late summer)."""
    courante = AnneeScolaire.annee_debut_pour(timezone.localdate())
    return [courante, courante + 1]


class DepotForm(Formulaire):
    fichier = forms.FileField(
        label="Fichier des élèves",
        help_text=(
            "Export SIECLE « ElevesSansAdresses » (XML ou zip), ou un tableau CSV ou XLSX avec au moins "
            "les colonnes nom, prénom, date de naissance, sexe et classe. "
            f"{TAILLE_MAX_FICHIER // 1024 // 1024} Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.zip,.csv,.txt,.xlsx"}),
    )
    annee = forms.TypedChoiceField(label="Année scolaire", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        annees = annees_importables()
        self.fields["annee"].choices = [(a, f"{a}-{a + 1}") for a in annees]
        self.fields["annee"].initial = annees[0]

    def annee_choisie(self) -> AnneeScolaire:
        annee, _ = AnneeScolaire.objects.get_or_create(annee_debut=self.cleaned_data["annee"])
        return annee


class CorrespondanceForm(Formulaire):
    """One select per field, listing the file's columns."""

    def __init__(self, *args, entetes: list[str], initial_correspondance: dict, **kwargs):
        super().__init__(*args, **kwargs)
        colonnes = [("", "— Absente du fichier —"), *((str(i), e) for i, e in enumerate(entetes))]
        obligatoires = set(ChampImport.obligatoires())
        for champ in ChampImport:
            valeur = initial_correspondance.get(champ.value)
            self.fields[champ.value] = forms.ChoiceField(
                label=champ.label,
                choices=colonnes,
                required=champ.value in obligatoires,
                initial="" if valeur is None else str(valeur),
                error_messages={"required": f"Choisissez la colonne qui contient : {champ.label.lower()}."},
            )
        self.habiller()

    def correspondance(self) -> dict:
        return {champ: (int(v) if v != "" else None) for champ, v in self.cleaned_data.items()}


class ChoixDivisionsForm(Formulaire):
    """The preview's choices: which classes to import (SIECLE), the diploma of each new class.

    Rendered by hand in a table (one row per class), from ``lignes``.
    """

    # Short labels: the select sits in a table cell.
    diplomes = [
        (Diplome.BAC_PRO, "Bac pro"),
        (Diplome.CAP, "CAP"),
        (Diplome.BMA, "BMA"),
        (Diplome.DTMS, "DTMS"),
    ]

    def __init__(self, *args, imp, classes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.imp = imp
        # The lycée's classes of that year a new class of the file may be mapped to (« nouvelle classe »
        # by default); a uuid posted is checked by the service (a foreign one is a 404).
        self.classes = [(str(c.uuid), c.nom) for c in classes]
        self.lignes = []
        libelles = dict(self.diplomes)
        for i, d in enumerate(imp.apercu.get("divisions", [])):
            ligne = {"d": d, "i": i, "diplome_libelle": libelles.get(d["diplome"], "")}
            if imp.format == FormatImport.SIECLE:
                self.fields[f"d{i}_importer"] = forms.BooleanField(
                    label=f"Importer la classe {d['nom']}", required=False, initial=d["importer"]
                )
            if not d["existante"]:
                self.fields[f"d{i}_diplome"] = forms.ChoiceField(
                    label=f"Diplôme préparé en {d['nom']}",
                    choices=CHOIX_VIDE + Diplome.choices,
                    required=False,
                    initial=d["diplome"],
                )
                self.fields[f"d{i}_specialite"] = forms.CharField(
                    label=f"Spécialité de {d['nom']}", max_length=200, required=False, initial=d["specialite"]
                )
                self.fields[f"d{i}_classe"] = forms.CharField(
                    label=f"Classe existante pour {d['nom']}", max_length=60, required=False
                )
            if self.is_bound:
                ligne["coche"] = bool(self.data.get(f"d{i}_importer"))
                ligne["diplome"] = self.data.get(f"d{i}_diplome", d["diplome"])
                ligne["specialite"] = self.data.get(f"d{i}_specialite", d["specialite"])
                ligne["classe"] = self.data.get(f"d{i}_classe", "")
            else:
                ligne.update(coche=d["importer"], diplome=d["diplome"], specialite=d["specialite"], classe="")
            self.lignes.append(ligne)

    def choix(self) -> dict:
        resultat = {}
        for ligne in self.lignes:
            d, i = ligne["d"], ligne["i"]
            entree = {"importer": self.cleaned_data.get(f"d{i}_importer", True)}
            if not d["existante"]:
                entree["diplome"] = self.cleaned_data.get(f"d{i}_diplome", "")
                entree["specialite"] = self.cleaned_data.get(f"d{i}_specialite", "")
                if classe := self.cleaned_data.get(f"d{i}_classe", ""):
                    entree["rattacher"] = classe
            resultat[d["cle"]] = entree
        return resultat
