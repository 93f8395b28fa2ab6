import stopwordsIso from "stopwords-iso";
import { foldText } from "./text-folding";

/**
 * Words of stopwords-iso that name support topics. The maintained lists are built for web text and
 * drop nouns a requester uses to say what is wrong: "computer", "room", "page", "microsoft" (English)
 * or "mot" and "passe" (as in "mot de passe"), "pièce" ("pièce jointe") (French). Generic words of
 * those lists ("work", "new", "open", "number") stay stop words: in chat they name no topic, and
 * kept, they made small talk ("on my way to work") match articles.
 */
const SUPPORT_WORDS = [
  // English
  "auth", "computer", "copy", "homepage", "html", "keys", "member", "members", "microsoft", "page",
  "pages", "room", "rooms", "web", "webpage", "website", "full", "sent",
  // the desk's topics in "call forwarding", "fire alarm", "working from home", "online course",
  // "domain name", "web site", "operating system", "access point", "purchase order", "office move"
  "call", "forward", "home", "course", "fire", "name", "site", "system", "point", "order", "move", "ring",
  // French (folded); "tel" is how chat writes "téléphone"
  "mot", "passe", "piece", "tel",
];

/**
 * Chat filler that names no topic: greetings, thanks, politeness and sign-offs ("merci d'avance",
 * "thanks in advance", "s'il vous plaît", "have a nice day", "cdlt"), apologies, urgency, the generic
 * "it does not work / I need help / how do I / it's weird" words every request carries, and when it
 * started ("depuis hier matin"). They weigh nothing, in questions and articles alike: left in,
 * "bonjour" or "merci" would find the one article that says them and turn small talk into a
 * suggestion, and "Hi, my VPN does not work, thanks in advance" would be a question about "advance"
 * that the VPN article fails to explain.
 */
const CHAT_FILLER = [
  // French (folded)
  "bonjour", "bonsoir", "salut", "coucou", "re", "merci", "remercie", "remercier", "remerciant", "remerciements",
  "avance", "svp", "stp", "plait", "cordialement", "cdlt", "amicalement", "salutations", "bisous", "bonne",
  "journee", "weekend", "infiniment", "bcp", "excusez", "excuse", "deranger", "desole", "desolee",
  "aide", "aider", "besoin", "question", "questions", "probleme", "problemes", "souci", "soucis", "pb",
  "marche", "marcher", "fonctionne", "fonctionnent", "fonctionner", "arrive", "arriver", "veux", "voulais",
  "voudrais", "aimerais", "souhaite", "souhaiterais", "pourriez", "pouvez", "faire", "faut", "dois",
  "devoir", "pouvoir", "savoir", "trouver", "trouve", "impossible", "urgent", "urgence", "urgemment", "vite",
  "rapidement", "bizarre", "soudain", "idee", "madame", "monsieur", "mme",
  "hier", "matin", "soir", "soiree", "demain", "semaine", "lundi", "mardi", "mercredi", "jeudi",
  "vendredi", "samedi", "dimanche",
  // English
  "hello", "hi", "hey", "dear", "thanks", "thank", "thx", "please", "pls", "plz", "kindly", "regards",
  "cheers", "okay", "advance", "appreciate", "appreciated", "sorry", "bother", "bothering", "hope", "nice",
  "day", "guys", "folks", "quick", "issue", "issues", "trouble", "unable", "asap", "urgently", "anymore",
  "weird", "strange", "suddenly", "idea",
  "yesterday", "tomorrow", "morning", "afternoon", "tonight", "evening", "week", "monday", "tuesday",
  "wednesday", "thursday", "friday", "saturday", "sunday",
];

/**
 * Expressions in which a support word above means nothing ("of course", "in order to"): joined
 * into one word by the phrase table (`synonyms.ts`), which is a stop word.
 */
export const FILLER_EXPRESSIONS: Readonly<Record<string, string>> = {
  "of course": "ofcourse",
  "in order to": "inorderto",
  "look forward": "lookforward",
  "looking forward": "lookforward",
  "at this point": "atthispoint",
  "call me": "callme",
};

/** Folded stop words of French and English, minus support vocabulary, plus chat filler. */
export const STOP_WORDS: ReadonlySet<string> = buildStopWords();

function buildStopWords(): Set<string> {
  const keep = new Set(SUPPORT_WORDS);
  const words = new Set<string>();
  // One list for both languages, applied alike to articles and questions: a requester mixes
  // languages ("le login failed"), and a word dropped on one side must be dropped on the other.
  for (const word of [...stopwordsIso.fr, ...stopwordsIso.en, ...CHAT_FILLER, ...Object.values(FILLER_EXPRESSIONS)]) {
    const folded = foldText(word);
    if (!keep.has(folded)) words.add(folded);
  }
  return words;
}
