"""Workflow steps of the collective phase: each is one function, used by the pages, the API and the tests.

Each step checks the caller's rights (``PermissionDenied``), validates its input (``ValidationError`` with a
French message, keyed by field when it concerns one) and changes nothing on bad input (atomic).
``alertes_seance`` is the exception: it returns flags (outside November–March, short, repeated theme) that
the convention tolerates but that the counsellor should see."""

from ateliers.services.communs import (  # noqa: F401
    COMMENTAIRE_MAX,
    DUREE_MAX_MINUTES,
    MOIS_CONVENTION,
    _annee_animee,
    _choix,
    _exiger_animation,
    _maintenant,
    _ouvrir_questionnaire,
    _uuids,
    _verrouiller_seance,
    annee_de,
    remplacer_liens,
    verifier_animation,
)
from ateliers.services.evenements import (  # noqa: F401
    CHAMPS_EVENEMENT,
    _eleves_pour_evenement,
    _valider_evenement,
    creer_evenement,
    modifier_evenement,
    participants_visibles,
    supprimer_evenement,
)
from ateliers.services.satisfaction import (  # noqa: F401
    _valider_reponse,
    a_repondu_equipe,
    ouvrir_questionnaire,
    questionnaire_equipe,
    repondre_questionnaire,
    repondre_questionnaire_equipe,
)
from ateliers.services.seances import (  # noqa: F401
    CHAMPS_SEANCE,
    Alerte,
    _appliquer,
    _remplacer_presences,
    _valeurs_seance,
    _valider_seance,
    alertes_seance,
    annuler_seance,
    eleves_de_seance,
    enregistrer_presences,
    etat_presences,
    modifier_seance,
    planifier_seance,
    realiser_seance,
    supprimer_seance,
)
