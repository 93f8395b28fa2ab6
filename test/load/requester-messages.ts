import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "../../src/config/env";

/** One message of the load: who writes, in which direct message, and what. */
export interface LoadMessage {
  user: string;
  channel: string;
  /** The message's Slack timestamp; the answer comes in the thread under it. */
  ts: string;
  text: string;
}

export interface Requester {
  id: string;
  name: string;
  locale: "fr-FR" | "en-US";
}

/**
 * Questions as people write them in a chat, in French and English, with typos, missing accents, greetings and
 * requests the knowledge base does not cover: the knowledge search's evaluation set (test/fixtures/kb-eval.jsonl).
 */
function questionsByLanguage(): { fr: string[]; en: string[] } {
  const lines = readFileSync(path.join(PACKAGE_ROOT, "test", "fixtures", "kb-eval.jsonl"), "utf8").split("\n").filter((l) => l.trim() !== "");
  const questions = { fr: [] as string[], en: [] as string[] };
  for (const line of lines) {
    const { q, lang } = JSON.parse(line) as { q: string; lang: string };
    if (lang === "fr" || lang === "en") questions[lang].push(q);
  }
  return questions;
}

/** A small seeded generator (mulberry32): the same run sends the same messages. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` messages from `requesters` distinct people (about two in three write in French), each asking questions
 * of their language picked at random; a person writes again only after everyone else has written once (so their
 * profile lookup is cached by then, as it would be for someone writing a few messages in a few minutes).
 */
export function loadMessages(count: number, requesterCount: number, runId: string): { requesters: Requester[]; messages: LoadMessage[] } {
  const random = seeded(count * 7919 + requesterCount);
  const questions = questionsByLanguage();
  const requesters: Requester[] = Array.from({ length: requesterCount }, (_, i) => ({
    id: `U${runId}${String(i).padStart(5, "0")}`,
    name: `Requester ${i}`,
    locale: random() < 0.65 ? "fr-FR" : "en-US",
  }));
  const seconds = Math.floor(Date.now() / 1000);
  const messages = Array.from({ length: count }, (_, i): LoadMessage => {
    const requester = requesters[i % requesterCount];
    const pool = requester.locale === "fr-FR" ? questions.fr : questions.en;
    return {
      user: requester.id,
      channel: `D${requester.id.slice(1)}`,
      ts: `${seconds}.${String(i).padStart(6, "0")}`,
      text: pool[Math.floor(random() * pool.length)],
    };
  });
  return { requesters, messages };
}
