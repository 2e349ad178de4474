"""AvenirPro+ pages: the direction's (cohort and July campaign, September meeting, référents, enrolments)
and the référents' (« Mes élèves AvenirPro+ », the enrolment with its interview, path and exit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from avenirplus import forms, perms, services
from avenirplus.models import Action, Contact, Inscription, Invitation, MembreCohorte
from avenirpro import journal
from avenirpro.forms import ajouter_erreurs
from avenirpro.models import AnneeScolaire
from avenirpro.pagination import PaginatorParIds
from avenirpro.pdf import pdf_response, render_pdf
from avenirpro.requetes import lien
from lycees.models import Eleve, Lycee

# --- Shared ------------------------------------------------------------------------------------------


def _lycee_dirige(request) -> Lycee:
    lid = perms.direction_lycee_id(request.perimetre)
    if lid is None:
        raise PermissionDenied(services.REFUS_DIRECTION)
    return Lycee.objects.get(pk=lid)


def _annee(request) -> AnneeScolaire:
    """The cohort shown: ``?annee=2026`` when kept, else the one the lycée works on today."""
    return AnneeScolaire.objects.par_debut(request.GET.get("annee")) or services.annee_cohorte()


def _annees_choix(annee):
    return AnneeScolaire.objects.filter(annee_debut__lte=services.annee_cohorte().annee_debut).order_by(
        "-annee_debut"
    )[:4]


# --- Direction: dashboard, cohort, campaign ---------------------------------------------------------


def tableau(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    if perms.direction_lycee_id(p) is None:
        return redirect("avenirplus:mes_eleves")
    lycee, annee = _lycee_dirige(request), _annee(request)
    jour = timezone.localdate()
    return render(
        request,
        "avenirplus/tableau.html",
        {
            "lycee": lycee,
            "annee": annee,
            "annees": _annees_choix(annee),
            "ouverture": services.ouverture_cohorte(annee),
            "ouverte": jour >= services.ouverture_cohorte(annee),
            "progression": services.progression_campagne(p, lycee.pk, annee),
            "inscriptions": services.repartition_inscriptions(p, lycee.pk, annee),
        },
    )


def cohorte(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee, annee = _lycee_dirige(request), _annee(request)
    dernier = Contact.objects.visible_to(p).filter(membre=OuterRef("pk")).order_by("-date", "-cree_le")
    qs = (
        MembreCohorte.objects.visible_to(p)
        .filter(lycee=lycee, annee=annee)
        .select_related("eleve__division")
        .annotate(derniere_reponse=Subquery(dernier.values("reponse")[:1]))
        .prefetch_related(Prefetch("inscriptions", queryset=Inscription.objects.visible_to(p)))
        .order_by("retire", "eleve__nom", "eleve__prenom", "pk")
    )
    page = PaginatorParIds(qs, 50).get_page(request.GET.get("page"))
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    candidats = _candidats_ajout(p, lycee, annee)
    return render(
        request,
        "avenirplus/cohorte.html",
        {
            "lycee": lycee,
            "annee": annee,
            "page": page,
            "progression": services.progression_campagne(p, lycee.pk, annee),
            "form_ajout": forms.AjoutCohorteForm(eleves=candidats, prefix="ajout"),
            "libelles_reponse": dict(services.ReponseContact.choices),
        },
    )


def _candidats_ajout(p, lycee, annee):
    deja = (
        MembreCohorte.objects.visible_to(p).filter(lycee=lycee, annee=annee, retire=False).values("eleve_id")
    )
    return (
        Eleve.objects.visible_to(p)
        .filter(lycee=lycee, annee=annee)
        .exclude(pk__in=deja)
        .order_by("nom", "prenom")
    )


@require_POST
def cohorte_constituer(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    annee = AnneeScolaire.objects.par_debut(request.POST.get("annee")) or services.annee_cohorte()
    try:
        n = services.constituer_cohorte(p, annee)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            f"Cohorte {annee} constituée : {n} élève{'s' if n > 1 else ''} ajouté{'s' if n > 1 else ''}.",
        )
    return redirect(f"{_url('avenirplus:cohorte')}?annee={annee.annee_debut}")


def _url(nom, *args):
    from django.urls import reverse

    return reverse(nom, args=args)


@require_POST
def cohorte_ajouter(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee = _lycee_dirige(request)
    annee = AnneeScolaire.objects.par_debut(request.POST.get("annee")) or services.annee_cohorte()
    form = forms.AjoutCohorteForm(request.POST, eleves=_candidats_ajout(p, lycee, annee), prefix="ajout")
    if form.is_valid():
        try:
            membre = services.ajouter_a_cohorte(p, form.cleaned_data["eleve"], form.cleaned_data["raison"])
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"{membre.eleve} a rejoint la cohorte.")
            return redirect("avenirplus:membre", uuid=membre.uuid)
    return render(request, "avenirplus/cohorte_ajout.html", {"form": form, "annee": annee}, status=400)


@require_POST
def lettres_envoyer(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee = _lycee_dirige(request)
    annee = AnneeScolaire.objects.par_debut(request.POST.get("annee")) or services.annee_cohorte()
    n = services.envoyer_lettres_juillet(p, lycee, annee)
    messages.success(
        request,
        f"Lettre envoyée par e-mail à {n} élève{'s' if n > 1 else ''} (les autres : lettre imprimée).",
    )
    return redirect(f"{_url('avenirplus:cohorte')}?annee={annee.annee_debut}")


def _page_membre(request, membre, droits, status=200, **formulaires):
    p = request.perimetre
    contacts = list(Contact.objects.visible_to(p).filter(membre=membre).select_related("membre", "auteur"))
    inscriptions = list(
        Inscription.objects.visible_to(p).filter(membre=membre).select_related("referent", "conseiller")
    )
    journal.noter(request, [membre, *contacts])
    e = membre.eleve
    contexte = {
        "membre": membre,
        "eleve": e,
        "contacts": contacts,
        "inscriptions": inscriptions,
        "peut_modifier": droits.modifier,
        "form_coordonnees": formulaires.get("coordonnees")
        or forms.CoordonneesForm(
            initial={"telephone": membre.telephone, "email": membre.email, "adresse": membre.adresse},
            prefix="coord",
        ),
        "form_contact": formulaires.get("contact")
        or forms.ContactForm(initial={"date": timezone.localdate()}, prefix="contact"),
        "form_inscription": formulaires.get("inscription") or forms.InscriptionForm(prefix="insc"),
        "form_refus": formulaires.get("refus")
        or forms.RefusForm(initial={"date": timezone.localdate()}, prefix="refus"),
        "form_raison": formulaires.get("raison") or forms.RaisonForm(prefix="raison"),
    }
    return render(request, "avenirplus/membre.html", contexte, status=status)


def membre(request: HttpRequest, uuid) -> HttpResponse:
    m, droits = perms.get_membre_for_user(request, uuid)
    return _page_membre(request, m, droits)


def _poster(request, uuid, cle, classe, prefixe, faire, succes):
    """A form of the student's cohort page: the service decides; errors go back beside the fields."""
    m, droits = perms.get_membre_for_user(request, uuid)
    form = classe(request.POST, prefix=prefixe)
    if form.is_valid():
        try:
            faire(request.perimetre, m, form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, succes)
            return redirect("avenirplus:membre", uuid=m.uuid)
    return _page_membre(request, m, droits, status=400, **{cle: form})


@require_POST
def membre_coordonnees(request, uuid):
    return _poster(
        request,
        uuid,
        "coordonnees",
        forms.CoordonneesForm,
        "coord",
        lambda p, m, d: services.modifier_coordonnees(p, m, **d),
        "Coordonnées enregistrées.",
    )


@require_POST
def membre_contact(request, uuid):
    return _poster(
        request,
        uuid,
        "contact",
        forms.ContactForm,
        "contact",
        lambda p, m, d: services.enregistrer_contact(p, m, **d),
        "Contact enregistré.",
    )


@require_POST
def membre_retirer(request, uuid):
    return _poster(
        request,
        uuid,
        "raison",
        forms.RaisonForm,
        "raison",
        lambda p, m, d: services.retirer_de_cohorte(p, m, d["raison"]),
        "Élève retiré de la cohorte.",
    )


@require_POST
def membre_reintegrer(request, uuid):
    return _poster(
        request,
        uuid,
        "raison",
        forms.RaisonForm,
        "raison",
        lambda p, m, d: services.ajouter_a_cohorte(p, m.eleve, d["raison"]),
        "Élève réintégré dans la cohorte.",
    )


@require_POST
def membre_refus(request, uuid):
    return _poster(
        request,
        uuid,
        "refus",
        forms.RefusForm,
        "refus",
        lambda p, m, d: services.enregistrer_refus(p, m, date=d["date"], offre=d["offre_orientee"]),
        "Refus enregistré, avec l'offre proposée.",
    )


@require_POST
def membre_inscrire(request, uuid):
    m, droits = perms.get_membre_for_user(request, uuid)
    form = forms.InscriptionForm(request.POST, prefix="insc")
    if form.is_valid():
        try:
            inscription = services.inscrire(request.perimetre, m, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Élève inscrit à AvenirPro+ : désignez maintenant ses référents.")
            return redirect("avenirplus:inscription", uuid=inscription.uuid)
    return _page_membre(request, m, droits, status=400, inscription=form)


def membre_lettre(request: HttpRequest, uuid) -> HttpResponse:
    """The July letter to one student (PDF): the September meeting is announced."""
    m, _droits = perms.get_membre_for_user(request, uuid)
    journal.noter(request, m, nature=journal.Nature.PDF)
    pdf = render_pdf(
        "avenirplus/lettre.html",
        {"membres": [m], "lycee": m.lycee, "reunion": None, "jour": timezone.localdate()},
        request=request,
    )
    return pdf_response(pdf, f"lettre-avenirplus-{m.eleve.nom}-{m.eleve.prenom}.pdf")


# --- The September meeting -------------------------------------------------------------------------


def reunions(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee, annee = _lycee_dirige(request), _annee(request)
    from avenirplus.models import Reunion

    liste = list(
        Reunion.objects.visible_to(p)
        .filter(lycee=lycee)
        .select_related("annee")
        .prefetch_related("coanimateurs")
    )
    form = forms.ReunionForm(request.POST or None, coanimateurs=services.coanimateurs_possibles(lycee, annee))
    if request.method == "POST" and form.is_valid():
        try:
            reunion = services.creer_reunion(p, annee, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Réunion enregistrée : invitez maintenant la cohorte.")
            return redirect("avenirplus:reunion", uuid=reunion.uuid)
    return render(
        request,
        "avenirplus/reunions.html",
        {"reunions": liste, "form": form, "annee": annee, "lycee": lycee},
        status=400 if form.is_bound else 200,
    )


def reunion(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    r, droits = perms.get_reunion_for_user(request, uuid)
    invitations = list(
        Invitation.objects.visible_to(p)
        .filter(reunion=r)
        .select_related("membre__eleve__division")
        .order_by("membre__eleve__nom", "membre__eleve__prenom", "pk")
    )
    journal.noter(request, invitations, nature=journal.Nature.LISTE)
    return render(
        request,
        "avenirplus/reunion.html",
        {
            "reunion": r,
            "invitations": invitations,
            "coanimateurs": list(r.coanimateurs.order_by("nom", "prenom")),
            "peut_modifier": droits.modifier,
            "nb_presents": sum(1 for i in invitations if i.present),
        },
    )


@require_POST
def reunion_inviter(request: HttpRequest, uuid) -> HttpResponse:
    r, _droits = perms.get_reunion_for_user(request, uuid)
    n, par_courriel = services.inviter_cohorte(request.perimetre, r)
    messages.success(
        request,
        f"{n} invitation{'s' if n > 1 else ''} : {par_courriel} par e-mail, {n - par_courriel} à imprimer.",
    )
    return redirect("avenirplus:reunion", uuid=r.uuid)


def reunion_presences(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    r, droits = perms.get_reunion_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(services.REFUS_DIRECTION)
    invitations = list(
        Invitation.objects.visible_to(p)
        .filter(reunion=r)
        .select_related("membre__eleve")
        .order_by("membre__eleve__nom", "membre__eleve__prenom", "pk")
    )
    erreurs, statut = [], 200
    absents = {str(i.uuid) for i in invitations if i.present is False}
    if request.method == "POST":
        absents = set(request.POST.getlist("absents"))
        try:
            presents, total = services.enregistrer_presences(p, r, list(absents))
        except ValidationError as e:
            erreurs, statut = e.messages, 400
        else:
            messages.success(request, f"Présences enregistrées : {presents} présents / {total}.")
            return redirect("avenirplus:reunion", uuid=r.uuid)
    journal.noter(request, invitations, nature=journal.Nature.LISTE)
    lignes = [(i, str(i.uuid) not in absents) for i in invitations]
    return render(
        request,
        "avenirplus/presences.html",
        {
            "reunion": r,
            "lignes": lignes,
            "erreurs": erreurs,
            "total": len(lignes),
            "nb_presents": sum(1 for _, pr in lignes if pr),
        },
        status=statut,
    )


def reunion_lettres(request: HttpRequest, uuid) -> HttpResponse:
    """The printable invitations (one page per student invited by letter)."""
    p = request.perimetre
    r, _droits = perms.get_reunion_for_user(request, uuid)
    invitations = list(
        Invitation.objects.visible_to(p)
        .filter(reunion=r)
        .select_related("membre__eleve")
        .order_by("membre__eleve__nom", "pk")
    )
    journal.noter(request, invitations, nature=journal.Nature.PDF)
    pdf = render_pdf(
        "avenirplus/lettre.html",
        {
            "membres": [i.membre for i in invitations],
            "lycee": r.lycee,
            "reunion": r,
            "jour": timezone.localdate(),
        },
        request=request,
    )
    return pdf_response(pdf, f"invitations-avenirplus-{r.date:%Y%m%d}.pdf")


# --- Référents: volunteers and the partner mission locale ---------------------------------------------


def referents(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee, annee = _lycee_dirige(request), _annee(request)
    form = forms.VolontairesForm(
        request.POST or None,
        professeurs=services.professeurs_du_lycee(lycee),
        initial={"professeurs": list(services.volontaires(lycee, annee))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.marquer_volontaires(p, lycee, annee, form.cleaned_data["professeurs"])
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Professeurs volontaires enregistrés.")
            return redirect(f"{_url('avenirplus:referents')}?annee={annee.annee_debut}")
    return render(
        request,
        "avenirplus/referents.html",
        {
            "form": form,
            "annee": annee,
            "lycee": lycee,
            "mission_locale": services.mission_locale_partenaire(lycee, annee),
            "conseillers": list(services.conseillers_partenaires(lycee, annee)),
        },
        status=400 if form.is_bound else 200,
    )


# --- Enrolments ----------------------------------------------------------------------------------


def _liste_inscriptions(request, qs, titre, direction):
    jour = timezone.localdate()
    qs = qs.select_related("eleve__division", "referent", "conseiller", "lycee", "sortie").order_by(
        "fin", "pk"
    )
    page = PaginatorParIds(qs, 50).get_page(request.GET.get("page"))
    journal.noter(request, page.object_list, nature=journal.Nature.LISTE)
    lignes = []
    for i in page.object_list:
        sortie = getattr(i, "sortie", None) if hasattr(i, "sortie") else None
        restants = i.jours_restants(jour)
        lignes.append(
            {
                "inscription": i,
                "sortie": sortie,
                "jours": restants,
                "bientot": sortie is None and not i.cloturee_le and restants <= services.PREAVIS_FIN_JOURS,
            }
        )
    return render(
        request,
        "avenirplus/inscriptions.html",
        {
            "page": page,
            "lignes": lignes,
            "titre": titre,
            "direction": direction,
            "jour": jour,
            "fins_proches": sum(
                1 for ligne in lignes if ligne["bientot"] and ligne["inscription"].fin >= jour
            ),
            "preavis": services.PREAVIS_FIN_JOURS,
        },
    )


def inscriptions(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    lycee, annee = _lycee_dirige(request), _annee(request)
    qs = Inscription.objects.visible_to(p).filter(lycee=lycee, annee=annee)
    return _liste_inscriptions(request, qs, f"Inscriptions AvenirPro+ — cohorte {annee}", True)


def mes_eleves(request: HttpRequest) -> HttpResponse:
    p = request.perimetre
    q = perms.q_suivi_par(p)
    if q is None:
        raise PermissionDenied(
            "Cette page est celle des référents de parcours et des conseillers AvenirPro+."
        )
    qs = Inscription.objects.visible_to(p).filter(q)
    return _liste_inscriptions(request, qs, "Mes élèves AvenirPro+", False)


def _page_inscription(request, inscription, droits, status=200, **formulaires):
    p = request.perimetre
    jour = timezone.localdate()
    actions = list(Action.objects.visible_to(p).filter(inscription=inscription).select_related("inscription"))
    entretien = getattr(inscription, "entretien", None) if _a(inscription, "entretien") else None
    sortie = getattr(inscription, "sortie", None) if _a(inscription, "sortie") else None
    journal.noter(request, [inscription, *actions])
    pilote = perms.peut_piloter(p, inscription.lycee_id)
    suit = perms.suit(p, inscription)
    designes = inscription.referent_id is not None and inscription.conseiller_id is not None
    contexte = {
        "inscription": inscription,
        "eleve": inscription.eleve,
        "membre": inscription.membre,
        "actions": actions,
        "entretien": entretien,
        "sortie": sortie,
        "jours": inscription.jours_restants(jour),
        "bientot": sortie is None and inscription.jours_restants(jour) <= services.PREAVIS_FIN_JOURS,
        "pilote": pilote,
        "suit": suit and designes,
        "peut_sortie": (suit and designes) or pilote,
        "fin_maximale": services.fin_maximale(inscription.debut),
    }
    if pilote:
        contexte["form_designation"] = formulaires.get("designation") or forms.DesignationForm(
            referents=services.volontaires(inscription.lycee, inscription.annee),
            conseillers=services.conseillers_partenaires(inscription.lycee, inscription.annee),
            initial={"referent": inscription.referent, "conseiller": inscription.conseiller},
            prefix="desig",
        )
        contexte["mission_locale"] = services.mission_locale_partenaire(inscription.lycee, inscription.annee)
    if suit and designes:
        contexte["form_entretien"] = formulaires.get("entretien") or forms.EntretienForm(
            initial={"date": entretien.date, "besoins": entretien.besoins}
            if entretien
            else {"date": min(jour, inscription.fin)},
            prefix="entretien",
        )
        contexte["form_action"] = formulaires.get("action") or forms.ActionForm(prefix="action")
    if contexte["peut_sortie"]:
        contexte["form_sortie"] = formulaires.get("sortie") or forms.SortieForm(
            initial={"date": sortie.date, "issue": sortie.issue, "precision": sortie.precision}
            if sortie
            else {"date": min(jour, inscription.fin)},
            prefix="sortie",
        )
    return render(request, "avenirplus/inscription.html", contexte, status=status)


def _a(objet, relation) -> bool:
    try:
        getattr(objet, relation)
    except Exception:  # RelatedObjectDoesNotExist
        return False
    return True


def inscription(request: HttpRequest, uuid) -> HttpResponse:
    i, droits = perms.get_inscription_for_user(request, uuid)
    return _page_inscription(request, i, droits)


def _poster_inscription(request, uuid, cle, construire, faire, succes):
    i, droits = perms.get_inscription_for_user(request, uuid)
    if not droits.modifier:
        raise PermissionDenied(services.REFUS_SUIVI)
    form = construire(i)
    if form.is_valid():
        try:
            faire(request.perimetre, i, form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, succes)
            return redirect("avenirplus:inscription", uuid=i.uuid)
    return _page_inscription(request, i, droits, status=400, **{cle: form})


@require_POST
def inscription_designer(request, uuid):
    return _poster_inscription(
        request,
        uuid,
        "designation",
        lambda i: forms.DesignationForm(
            request.POST,
            referents=services.volontaires(i.lycee, i.annee),
            conseillers=services.conseillers_partenaires(i.lycee, i.annee),
            prefix="desig",
        ),
        lambda p, i, d: services.designer_referents(p, i, **d),
        "Référents désignés : ils voient désormais cet élève et son parcours.",
    )


@require_POST
def inscription_entretien(request, uuid):
    return _poster_inscription(
        request,
        uuid,
        "entretien",
        lambda i: forms.EntretienForm(request.POST, prefix="entretien"),
        lambda p, i, d: services.enregistrer_entretien(p, i, **d),
        "Entretien conjoint enregistré.",
    )


@require_POST
def inscription_action(request, uuid):
    return _poster_inscription(
        request,
        uuid,
        "action",
        lambda i: forms.ActionForm(request.POST, prefix="action"),
        lambda p, i, d: services.ajouter_action(p, i, **d),
        "Action ajoutée au parcours.",
    )


@require_POST
def inscription_sortie(request, uuid):
    return _poster_inscription(
        request,
        uuid,
        "sortie",
        lambda i: forms.SortieForm(request.POST, prefix="sortie"),
        lambda p, i, d: services.enregistrer_sortie(p, i, **d),
        "Sortie enregistrée.",
    )


def action_modifier(request: HttpRequest, uuid) -> HttpResponse:
    a, _droits = perms.get_action_for_user(request, uuid)
    if not perms.suit(request.perimetre, a.inscription):
        raise PermissionDenied(services.REFUS_SUIVI)
    journal.noter(request, a)
    initial = {f: getattr(a, f) for f in ("type", "debut", "fin", "prestataire", "statut", "notes")}
    form = forms.ActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_action(request.perimetre, a, **form.cleaned_data)
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, "Action modifiée.")
            return redirect("avenirplus:inscription", uuid=a.inscription.uuid)
    return render(
        request,
        "avenirplus/action_form.html",
        {"form": form, "action": a},
        status=400 if form.is_bound else 200,
    )


# --- The partner mission locale: the regional pilot chooses it, its administrator names counsellors ---


def _annee_partenaires(request) -> AnneeScolaire:
    source = request.POST if request.method == "POST" else request.GET
    return AnneeScolaire.objects.par_debut(source.get("annee")) or services.annee_cohorte()


def _formulaires_des_lignes(lignes, erreur: tuple | None, formulaire) -> None:
    """Each row's form (``formulaire(ligne)``; none for who only reads, ``formulaire`` None); the row
    whose POST failed keeps its bound form with the errors (``erreur``: its lycée's pk and the form)."""
    for ligne in lignes:
        if formulaire is None:
            ligne.form = None
        elif erreur and erreur[0] == ligne.lycee.pk:
            ligne.form = erreur[1]
        else:
            ligne.form = formulaire(ligne)


def _retour_page(valeur) -> int:
    """The list's page to return to after a choice (``retour_page``): a positive whole number, else 1."""
    try:
        numero = int(valeur)
    except (TypeError, ValueError):
        return 1
    return max(numero, 1)


def _lignes_des_partenaires(lignes_partenaires, choisit: bool, retour: str) -> list[dict]:
    """The table's rows as plain values (``avenirpro.lignes``); the regional pilot's « Choisir » or
    « Modifier » link built from one reverse, with the cohort and the page to return to (``retour``)."""
    vers_choix = lien("avenirplus:partenaire_choisir")
    lignes = []
    for ligne in lignes_partenaires:
        lycee, ml = ligne.lycee, ligne.mission_locale
        lignes.append(
            {
                "lycee": f"{lycee.nom} — {lycee.commune}" if lycee.commune else lycee.nom,
                "nom": lycee.nom,
                "operateur": ligne.operateur.nom if ligne.operateur else "",
                "mission_locale": ml.nom if ml else "",
                "par_defaut": ligne.par_defaut,
                "conseillers": ", ".join(f"{c.prenom} {c.nom}" for c in ligne.conseillers),
                "url_choix": f"{vers_choix.avant}{lycee.uuid}{vers_choix.apres}{retour}" if choisit else "",
            }
        )
    return lignes


def partenaires(request: HttpRequest) -> HttpResponse:
    """The lycées of the région académique (all of them for a national pilot, who reads only) with their
    partner mission locale for the cohort, in a table; a regional pilot chooses it on the lycée's page."""
    p = request.perimetre
    if not perms.lit_partenaires_regionaux(p):
        raise PermissionDenied("Cette page est celle des pilotes régionaux et nationaux.")
    annee = _annee_partenaires(request)
    lycees = Lycee.objects.visible_to(p).order_by("nom", "pk")
    page = PaginatorParIds(lycees, 50).get_page(request.GET.get("page"))
    choisit = p.est_pilote_regional
    lignes = _lignes_des_partenaires(
        services.lignes_partenaires(page.object_list, annee),
        choisit,
        f"?annee={annee.annee_debut}&retour_page={page.number}",
    )
    return render(
        request,
        "avenirplus/partenaires.html",
        {"page": page, "lignes": lignes, "annee": annee, "annees": _annees_choix(annee), "choisit": choisit},
    )


@require_http_methods(["GET", "POST"])
def partenaire_choisir(request: HttpRequest, uuid) -> HttpResponse:
    """The regional pilot chooses a lycée's partner mission locale among those of its région académique
    (``services.choisir_partenaire``), then goes back to the list's page it came from."""
    p = request.perimetre
    lycee = perms.get_lycee_des_partenaires(request, uuid)
    if not perms.choisit_partenaire(p, lycee):
        raise PermissionDenied(services.REFUS_PARTENAIRE)
    annee = _annee_partenaires(request)
    source = request.POST if request.method == "POST" else request.GET
    retour_page = _retour_page(source.get("retour_page"))
    retour = f"{_url('avenirplus:partenaires')}?annee={annee.annee_debut}&page={retour_page}"
    missions_locales = forms.PartenaireForm.choix(
        services.missions_locales_de_la_region(lycee.organisation.region_id)
    )
    if request.method == "POST":
        form = forms.PartenaireForm(request.POST, missions_locales=missions_locales)
        if form.is_valid():
            try:
                partenaire = services.choisir_partenaire(p, lycee, annee, form.cleaned_data["mission_locale"])
            except ValidationError as e:
                ajouter_erreurs(form, e)
            else:
                messages.success(
                    request,
                    f"« {partenaire.mission_locale.nom} » est la mission locale partenaire "
                    f"de « {lycee.nom} » pour la cohorte {annee}.",
                )
                return redirect(retour)
    ligne = services.lignes_partenaires([lycee], annee)[0]  # the current partner, shown on the page
    if request.method != "POST":
        choisie = str(ligne.mission_locale.uuid) if ligne.mission_locale else ""
        form = forms.PartenaireForm(missions_locales=missions_locales, initial={"mission_locale": choisie})
    return render(
        request,
        "avenirplus/partenaire_choisir.html",
        {
            "lycee": lycee,
            "ligne": ligne,
            "annee": annee,
            "form": form,
            "retour": retour,
            "retour_page": retour_page,
        },
        status=400 if form.is_bound else 200,
    )


def _page_conseillers_partenaires(request, annee, status=200, erreur: tuple | None = None):
    """The lycées the mission locale is the AvenirPro+ partner of, with the counsellors it named available;
    its administrator names them (its counsellors read the page)."""
    p = request.perimetre
    ml = perms.mission_locale_lue(p)
    if ml is None:
        raise PermissionDenied("Cette page est celle des missions locales partenaires d'AvenirPro+.")
    page = PaginatorParIds(services.lycees_de_la_mission_locale(ml, annee), 50).get_page(
        request.GET.get("page")
    )
    lignes = services.lignes_partenaires(page.object_list, annee)
    nomme = perms.peut_nommer_conseillers(p)
    formulaire = None
    if nomme:
        conseillers = list(services.conseillers_de_la_mission_locale(ml))

        def formulaire(ligne):
            return forms.ConseillersPartenairesForm(
                conseillers=conseillers,
                initial={"conseillers": [str(u.uuid) for u in ligne.conseillers]},
                prefix=f"l{ligne.lycee.pk}",
            )

    _formulaires_des_lignes(lignes, erreur, formulaire)
    return render(
        request,
        "avenirplus/conseillers_partenaires.html",
        {
            "page": page,
            "lignes": lignes,
            "annee": annee,
            "annees": _annees_choix(annee),
            "mission_locale": ml,
            "nomme": nomme,
        },
        status=status,
    )


def conseillers_partenaires(request: HttpRequest) -> HttpResponse:
    return _page_conseillers_partenaires(request, _annee_partenaires(request))


@require_POST
def conseillers_nommer(request: HttpRequest, uuid) -> HttpResponse:
    p = request.perimetre
    annee = _annee_partenaires(request)
    lycee = perms.get_lycee_partenaire(request, uuid, annee)
    form = forms.ConseillersPartenairesForm(
        request.POST,
        conseillers=services.conseillers_de_la_mission_locale(p.organisation),
        prefix=f"l{lycee.pk}",
    )
    if form.is_valid():
        try:
            services.nommer_conseillers_partenaires(p, lycee, annee, form.cleaned_data["conseillers"])
        except ValidationError as e:
            ajouter_erreurs(form, e)
        else:
            messages.success(request, f"Conseillers disponibles pour « {lycee.nom} » enregistrés.")
            return redirect(f"{_url('avenirplus:conseillers_partenaires')}?annee={annee.annee_debut}")
    return _page_conseillers_partenaires(request, annee, status=400, erreur=(lycee.pk, form))
