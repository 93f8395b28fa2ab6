import type { Article } from "../../src/core/knowledge/article";

/** The languages of the synthetic base. */
type Lang = "fr" | "en";

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same knowledge base on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Vocabulary {
  /** Support topics, most frequent first (sampled with a Zipf law, as words are in real documentation). */
  topics: string[];
  verbs: string[];
  filler: string[];
  /** What requesters add around the topic words in chat. */
  chat: string[];
}

const VOCABULARY: Record<Lang, Vocabulary> = {
  fr: {
    topics: words(`mot de passe compte messagerie imprimante vpn wifi eduroam certificat logiciel licence
      ordinateur portable écran clavier souris téléphone mobile visioconférence salle projecteur
      badge accès réseau partage dossier fichier sauvegarde restauration quota stockage cloud agenda
      calendrier liste diffusion pièce jointe courriel spam hameçonnage antivirus mise à jour windows
      macos linux pilote scanner numérisation copieur impression toner bourrage papier câble hdmi
      adaptateur micro caméra casque haut-parleur teams zoom moodle ent apogée sifac inscription
      étudiant personnel arrivée départ contrat invité conférence événement salle réunion réservation
      double authentification application code sms sécurité chiffrement bitlocker disque mémoire
      lenteur panne réparation garantie prêt matériel commande devis bon livraison installation
      configuration paramètre profil navigateur firefox chrome edge signet historique cache cookie
      proxy serveur adresse ip dns domaine session verrouillage déverrouillage identifiant`),
    verbs: words(`configurer installer réinitialiser changer ouvrir fermer connecter déconnecter envoyer
      recevoir imprimer scanner réserver demander vérifier redémarrer mettre activer désactiver
      supprimer restaurer sauvegarder partager synchroniser télécharger copier déplacer renouveler`),
    filler: words(`le la les un une des du de au aux et ou dans sur pour avec par ce cette ces votre vos
      notre il elle nous vous on est sont a ont peut doit faut si puis ensuite alors aussi plus très
      depuis avant après pendant selon chaque tout tous toutes même`),
    chat: words(`bonjour salut merci svp mon ma mes je j'ai ne marche pas plus impossible de comment
      depuis ce matin hier urgent aide problème avec encore toujours`),
  },
  en: {
    topics: words(`password account email mailbox printer vpn wifi eduroam certificate software licence
      laptop computer screen monitor keyboard mouse phone mobile video conference room projector
      badge access network share folder file backup restore quota storage cloud calendar mailing
      list attachment spam phishing antivirus update windows macos linux driver scanner scan copier
      printing toner jam paper cable hdmi adapter microphone camera headset speaker teams zoom
      moodle portal enrolment student staff arrival leaving contract guest event meeting booking
      two factor authentication app code text security encryption bitlocker disk memory slowness
      outage repair warranty loan equipment order quote delivery installation setup settings
      profile browser firefox chrome edge bookmark history cache cookie proxy server address dns
      domain session lock unlock username`),
    verbs: words(`configure install reset change open close connect disconnect send receive print scan book
      request check restart set enable disable delete restore back up share sync download copy move
      renew`),
    filler: words(`the a an of to in on for with by this that these your our it is are can must should if
      then also more very since before after during each all every same when which from as at`),
    chat: words(`hi hello thanks please my i can't cannot doesn't work working won't how do since this
      morning yesterday urgent help issue problem with still again`),
  },
};

/** Extra rare words (room codes, product names, people), as every real knowledge base has a long tail. */
function rareWords(random: () => number, count: number): string[] {
  const syllables = ["ka", "lo", "mi", "ter", "ba", "zu", "ri", "pon", "del", "sa", "vo", "nek", "tra", "gi", "xo", "mer"];
  const list: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = "";
    const n = 2 + Math.floor(random() * 3);
    for (let k = 0; k < n; k++) word += syllables[Math.floor(random() * syllables.length)];
    list.push(random() < 0.2 ? `${word}${Math.floor(random() * 900 + 100)}` : word);
  }
  return list;
}

/** Samples index i of n with probability ∝ 1/(i+1)^s (a Zipf law), by inverting a precomputed CDF. */
function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / Math.pow(i + 1, s);
    cdf[i] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * `count` articles, half French half English, with a title of 4–8 topic words, 3–6 tags, 2–4
 * example questions and a body of about 200 words mixing function words, verbs and topic words.
 * Deterministic for a given `seed`.
 */
export function syntheticArticles(count: number, seed = 42): Article[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const rare = rareWords(random, 20_000);
  const vocab = { fr: { ...VOCABULARY.fr, topics: [...VOCABULARY.fr.topics, ...rare] }, en: { ...VOCABULARY.en, topics: [...VOCABULARY.en.topics, ...rare] } };
  const topicIndex = { fr: zipfSampler(vocab.fr.topics.length, 1.05, random), en: zipfSampler(vocab.en.topics.length, 1.05, random) };
  const topic = (lang: Lang): string => vocab[lang].topics[topicIndex[lang]()];
  const phrase = (lang: Lang, length: number): string => Array.from({ length }, () => topic(lang)).join(" ");

  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const lang: Lang = i % 2 === 0 ? "fr" : "en";
    const v = vocab[lang];
    const sentences: string[] = [];
    let words = 0;
    while (words < 200) {
      const sentence: string[] = [];
      const length = 8 + Math.floor(random() * 12);
      for (let k = 0; k < length; k++) {
        const r = random();
        sentence.push(r < 0.5 ? pick(v.filler) : r < 0.65 ? pick(v.verbs) : topic(lang));
      }
      words += sentence.length;
      sentences.push(`${sentence.join(" ")}.`);
    }
    articles.push({
      id: `synthetic-${lang}-${i}`,
      title: phrase(lang, 4 + Math.floor(random() * 5)),
      lang,
      category: pick(["accounts", "network", "email", "printing", "software", "hardware", "av"]),
      tags: Array.from({ length: 3 + Math.floor(random() * 4) }, () => topic(lang)),
      questions: Array.from({ length: 2 + Math.floor(random() * 3) }, () => `${pick(v.chat)} ${pick(v.verbs)} ${phrase(lang, 3)}`),
      body: sentences.join(" "),
      status: "published",
      file: `synthetic/${i}.md`,
    });
  }
  return articles;
}

/**
 * Chat-style questions of about 45 characters: a few words of a random article (title or body),
 * wrapped in chat words, with a typo one time in five.
 */
export function syntheticQuestions(articles: readonly Article[], count: number, seed = 7): { text: string; lang: Lang }[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const questions: { text: string; lang: Lang }[] = [];
  for (let i = 0; i < count; i++) {
    const article = pick(articles);
    const source = (random() < 0.5 ? article.title : article.body).split(/[\s.]+/).filter((w) => w.length > 3);
    const chat = VOCABULARY[article.lang as Lang].chat;
    let text = `${pick(chat)} ${pick(chat)}`;
    while (text.length < 40) text += ` ${pick(source)}`;
    if (random() < 0.2) {
      const at = 1 + Math.floor(random() * (text.length - 2));
      text = text.slice(0, at) + text.slice(at + 1); // a dropped letter
    }
    questions.push({ text: `${text} ${pick(chat)}`.slice(0, 60), lang: article.lang as Lang });
  }
  return questions;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}
