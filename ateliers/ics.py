"""An iCalendar (RFC 5545) feed of séances, written by hand: escaping, CRLF, lines folded at 75 octets.

Times are written in UTC (``…Z``), which needs no VTIMEZONE block; calendars show them in local time.
Only class names, the lycée and the theme go into the feed: no student names.
"""

import datetime
from collections.abc import Iterable

from ateliers.models import Seance

PRODID = "-//AvenirPro//Ateliers collectifs//FR"


def echapper(texte: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        str(texte)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def plier(ligne: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never inside a UTF-8 character (§3.1)."""
    morceaux, courant, taille, limite = [], "", 0, 75
    for caractere in ligne:
        octets = len(caractere.encode("utf-8"))
        if taille + octets > limite:
            morceaux.append(courant)
            courant, taille, limite = "", 0, 74  # continuation lines start with a space
        courant += caractere
        taille += octets
    morceaux.append(courant)
    return "\r\n ".join(morceaux)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def evenement_ics(
    seance: Seance, divisions: Iterable[str], maintenant: datetime.datetime, lien: str = ""
) -> list[str]:
    classes = ", ".join(divisions)
    resume = f"Atelier AvenirPro — {seance.theme_court}" + (f" ({classes})" if classes else "")
    description = [
        f"Thème {seance.theme} : {seance.get_theme_display()}",
        f"Classes : {classes}" if classes else "",
        f"Membre de l'équipe éducative : {seance.membre_equipe_nom} ({seance.membre_equipe_fonction})",
        lien,
    ]
    lignes = [
        "BEGIN:VEVENT",
        f"UID:{seance.uuid}",
        f"DTSTAMP:{_utc(maintenant)}",
        f"DTSTART:{_utc(seance.debut)}",
        f"DTEND:{_utc(seance.fin)}",
        f"SUMMARY:{echapper(resume)}",
        f"LOCATION:{echapper(', '.join(x for x in (seance.lycee.nom, seance.lycee.commune) if x))}",
        f"DESCRIPTION:{echapper(chr(10).join(x for x in description if x))}",
        "STATUS:CANCELLED" if seance.est_annulee else "STATUS:CONFIRMED",
    ]
    if lien:
        lignes.append(f"URL:{lien}")
    lignes.append("END:VEVENT")
    return lignes


def calendrier(evenements: Iterable[list[str]], nom: str = "Ateliers AvenirPro") -> str:
    lignes = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{echapper(nom)}",
    ]
    for evenement in evenements:
        lignes.extend(evenement)
    lignes.append("END:VCALENDAR")
    return "".join(plier(ligne) + "\r\n" for ligne in lignes)
