/**
 * Generic IT-support vocabulary that stemming alone does not join, in French and English.
 * Words are written folded (no accents, lower case). Keep this table generic: it must help any
 * service desk's knowledge base, not one set of articles.
 */

/**
 * Multi-word expressions read as one word, on both the article and the question side, before stop
 * words are dropped ("de", "in", "sans" are stop words; "mot de passe" must survive them).
 */
export const PHRASES: Readonly<Record<string, string>> = {
  "mot de passe": "motdepasse",
  "mots de passe": "motdepasse",
  "mot passe": "motdepasse",
  "pass word": "password",
  "wi fi": "wifi",
  "e mail": "email",
  "e mails": "email",
  "log in": "login",
  "log on": "login",
  "sign in": "login",
  "se connecter": "connecter",
  "sans fil": "wifi",
  "two factor": "2fa",
  "2 factor": "2fa",
  "multi factor": "mfa",
  "double authentification": "2fa",
  "double facteur": "2fa",
  "piece jointe": "piecejointe",
  "pieces jointes": "piecejointe",
  "liste de diffusion": "mailinglist",
  "listes de diffusion": "mailinglist",
  "mailing list": "mailinglist",
  "distribution list": "mailinglist",
  "mise a jour": "miseajour",
  "mises a jour": "miseajour",
  "pare feu": "firewall",
  "haut parleur": "speaker",
  "haut parleurs": "speaker",
  "poste de travail": "computer",
  "video conference": "videoconference",
  "out of office": "autoreply",
  "reponse automatique": "autoreply",
  "boite mail": "mailbox",
  "boite email": "mailbox",
  "boite de reception": "mailbox",
  "boite aux lettres": "mailbox",
  "2 step": "2fa",
  "two step": "2fa",
  "deux etapes": "2fa",
  "double authentication": "2fa",
};

/**
 * Words with the same meaning for a requester, across the two languages. Every form listed is
 * stemmed in both languages and all stems become one index term, so a French question also finds
 * the English article (as a fallback) and "connexion" finds "se connecter".
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ["login", "connexion", "connexions", "connecter", "connecte", "connectee", "connect", "connected",
    "connecting", "connection", "connections", "logon", "logged", "co"],
  ["disconnect", "deconnexion", "deconnexions", "deconnecte", "deconnecter", "disconnected", "disconnection",
    "disconnects"],
  ["password", "motdepasse", "mdp", "passwords", "passwd", "pwd", "pw", "passphrase"],
  ["credentials", "identifiant", "identifiants", "username", "usernames"],
  ["wifi", "wlan", "wireless"],
  ["email", "emails", "mail", "mails", "courriel", "courriels", "mel", "messagerie", "webmail", "mailbox"],
  ["printer", "printers", "print", "printing", "printed", "imprimante", "imprimantes", "imprimer", "imprime",
    "impression", "impressions", "copieur", "photocopieur", "photocopieuse", "photocopier"],
  ["mfa", "2fa", "a2f", "otp", "authenticator"],
  ["computer", "computers", "ordinateur", "ordinateurs", "ordi", "pc", "laptop", "laptops"],
  ["phone", "phones", "telephone", "telephones", "tel", "smartphone", "smartphones", "mobile", "cellphone"],
  ["account", "accounts", "compte", "comptes"],
  ["licence", "licences", "license", "licenses", "licensing"],
  ["software", "logiciel", "logiciels", "application", "applications", "appli", "app", "apps"],
  ["install", "installer", "installation", "installe", "installing", "installed"],
  ["screen", "screens", "ecran", "ecrans", "monitor", "moniteur", "moniteurs", "display"],
  ["videoconference", "visio", "visioconference", "visioconferences", "videoconferencing", "webconference"],
  ["lost", "lose", "perdu", "perdue", "perdre"],
  ["reset", "resetting", "reinitialiser", "reinitialisation", "reinitialise"],
  ["error", "errors", "erreur", "erreurs"],
  ["certificate", "certificates", "cert", "certificat", "certificats"],
  ["access", "accessing", "acces", "acceder"],
  ["calendar", "calendars", "agenda", "agendas", "calendrier", "calendriers"],
  ["attachment", "attachments", "piecejointe", "pj"],
  ["update", "updates", "upgrade", "miseajour", "maj"],
  ["visitor", "visitors", "guest", "guests", "visiteur", "visiteurs"],
  ["slow", "slowness", "lent", "lente", "lenteur", "lenteurs", "rame", "ralenti", "lag", "laggy", "lags"],
  ["full", "plein", "pleine", "sature", "saturee"],
  ["windows", "win", "win10", "win11"],
  ["parking", "park", "parked", "stationnement", "stationner", "garer", "garee"],
  ["broken", "panne", "pannes", "hs", "casse", "cassee"],
  ["scan", "scans", "scanned", "scanning", "scanner", "numeriser", "numerisation", "numerise"],
  ["download", "downloading", "telecharger", "telechargement"],
  ["delete", "deleted", "deleting", "supprimer", "supprime", "suppression", "effacer", "efface", "erase"],
  ["restore", "restoring", "restaurer", "restauration", "recover", "recovery"],
  ["send", "sending", "envoyer", "envoi", "envoie"],
  ["receive", "received", "receiving", "recevoir", "recois", "recoit", "recu", "recue"],
  ["share", "shared", "sharing", "partage", "partager", "partagee"],
  ["folder", "folders", "dossier", "dossiers", "directory", "repertoire"],
  ["file", "files", "fichier", "fichiers"],
  ["keyboard", "keyboards", "clavier", "claviers"],
  ["mouse", "souris"],
  ["heating", "chauffage", "radiateur", "radiateurs", "radiator", "radiators"],
  ["projector", "projectors", "projecteur", "videoprojecteur", "videoprojecteurs", "beamer"],
  ["microphone", "micro", "micros", "mic"],
  ["camera", "cameras", "webcam", "webcams"],
  ["headset", "headsets", "casque", "casques"],
  ["backup", "backups", "sauvegarde", "sauvegardes", "sauvegarder"],
  ["storage", "stockage"],
  ["arrival", "arrivals", "newcomer", "newcomers", "onboarding", "arrivant", "arrivants", "arrivee"],
  ["stolen", "theft", "vol", "vole", "volee"],
  // The English stemmer cuts "adding" and "added" to "ad" but leaves "add".
  ["add", "adding", "added", "adds"],
  // "je ne me souviens plus de mon mot de passe", "I can't remember my password"
  ["forgot", "forgotten", "forget", "oublie", "oublier", "oublies", "oubliee", "souviens", "souvenir", "rappelle", "remember"],
];

/**
 * Looser relations, added to a question with a lower weight: the related word helps find an
 * article but counts for less than the word the requester wrote.
 */
export const RELATED_WORDS: Readonly<Record<string, readonly string[]>> = {
  wifi: ["eduroam", "internet"],
  eduroam: ["wifi"],
  internet: ["wifi", "reseau", "network"],
};
