import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Store } from "../../../src/store/data-source";
import { InboundEvent } from "../../../src/store/entities/InboundEvent";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { freePort, GuichetProcess } from "../../support/guichet-process";
import { writeTestKnowledgeBase } from "../../support/test-desk";
import { emptyPostgres } from "../../support/test-store";
import { FakeSlackApi } from "./support/fake-slack-api";
import { drawnButtons } from "./support/recorded-messages";
import { eventEnvelope, FORM, interactionBody, JSON_TYPE, postSigned } from "./support/slack-requests";
import { dmOf, pressPayload, SIGNING_SECRET, slackDeskConfigText } from "./support/slack-test-desk";

interface Database {
  name: string;
  /** The environment that points guichet at a fresh database. */
  prepare(): Promise<Record<string, string>>;
  /** The database guichet uses, opened beside it (no migration: guichet applied them). */
  open(env: Record<string, string>): Promise<Store>;
}

const DATABASES: Database[] = [
  {
    name: "SQLite",
    prepare: async () => ({ GUICHET_DB_FILE: path.join(mkdtempSync(path.join(tmpdir(), "guichet-crash-")), "guichet.sqlite") }),
    open: (env) => Store.connect({ sqliteFile: env.GUICHET_DB_FILE }),
  },
  ...(process.env.TEST_DATABASE_URL
    ? [{
        name: "PostgreSQL",
        prepare: async () => {
          await emptyPostgres(process.env.TEST_DATABASE_URL as string);
          return { DATABASE_URL: process.env.TEST_DATABASE_URL as string };
        },
        open: (env: Record<string, string>) => Store.connect({ databaseUrl: env.DATABASE_URL }),
      }]
    : []),
];

const REQUESTERS = 24;
const KILLS = 3;
/** Questions the small test knowledge base answers (it loads faster than kb/ at each restart). */
const QUESTIONS = [
  "mon mot de passe a expiré, je ne peux plus me connecter",
  "mon imprimante n'imprime plus rien",
  "j'ai oublié mon mot de passe",
  "comment installer une imprimante du campus",
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const db of DATABASES) {
  describe(`Slack HTTP mode killed with SIGKILL at random moments, on ${db.name}`, function () {
    this.timeout(120_000);
    const api = new FakeSlackApi();
    let guichet: GuichetProcess;
    let env: Record<string, string>;

    before(async () => {
      await api.start();
      const dir = mkdtempSync(path.join(tmpdir(), "guichet-crash-config-"));
      writeFileSync(path.join(dir, "desk.yaml"), slackDeskConfigText());
      env = {
        ...(await db.prepare()),
        GUICHET_CHANNEL: "slack",
        GUICHET_DESK_CONFIG: path.join(dir, "desk.yaml"),
        GUICHET_KB_DIR: writeTestKnowledgeBase(),
        SLACK_BOT_TOKEN: "xoxb-test-token",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: api.apiUrl,
        HOST: "127.0.0.1",
        PORT: String(await freePort()),
        LOG_LEVEL: "info",
      };
      guichet = new GuichetProcess(env);
      await guichet.start();
    });

    after(async () => {
      await guichet.stop();
      await api.close();
    });

    it("listens only where HOST says", () => {
      expect(guichet.listening).to.deep.equal({ host: "127.0.0.1", port: Number(env.PORT) });
    });

    it("ends every event it acknowledged with its effect, once: an answer for each question, a ticket for each press", async () => {
      const url = `http://127.0.0.1:${env.PORT}/slack/events`;
      const requesters = Array.from({ length: REQUESTERS }, (_, i) => `U0REQ${String(i).padStart(3, "0")}`);
      const questionTs = new Map(requesters.map((user, i) => [user, `1800000000.${String(i + 1).padStart(6, "0")}`]));
      const askedAcked = new Set<string>();
      const pressAcked = new Set<string>();
      const pressed = new Set<string>();
      let restarting: Promise<unknown> = Promise.resolve();
      let pressing = true;

      /** Slack's side: a delivery that got no 2xx is sent again (with the retry headers), a few times. */
      async function deliver(body: string, type: string, retries: number): Promise<boolean> {
        for (let attempt = 0; attempt <= retries; attempt++) {
          await restarting;
          const headers: Record<string, string> = attempt > 0 ? { "x-slack-retry-num": String(attempt), "x-slack-retry-reason": "http_error" } : {};
          const answer = await postSigned(url, SIGNING_SECRET, body, type, { headers }).catch(() => null);
          if (answer && answer.status >= 200 && answer.status < 300) return true;
          await sleep(100 * (attempt + 1));
        }
        return false;
      }

      async function ask(user: string, index: number): Promise<void> {
        const ts = questionTs.get(user) as string;
        const event = { type: "message", channel: dmOf(user), channel_type: "im", user, text: QUESTIONS[index % QUESTIONS.length], ts, event_ts: ts };
        if (await deliver(eventEnvelope(event, `EvCRASH${index}`), JSON_TYPE, 4)) askedAcked.add(user);
      }

      /** A person presses "Not solved" under the suggestions once they see them (and again if the press failed). */
      async function pressWhenAnswered(user: string): Promise<void> {
        const thread = questionTs.get(user) as string;
        for (let attempt = 0; pressing && !pressAcked.has(user); attempt++) {
          const button = drawnButtons(api).find((b) => b.action === "kb.not_solved" && b.channel === dmOf(user) && b.threadTs === thread);
          if (button?.channel && button.ts) {
            const triggerId = `${user}.${attempt}.trigger`;
            pressed.add(user);
            const payload = pressPayload(user, { ...button, channel: button.channel, ts: button.ts }, triggerId, api.responseUrl(triggerId));
            if (await deliver(interactionBody(payload), FORM, 0)) pressAcked.add(user);
          }
          await sleep(50);
        }
      }

      async function killAtRandomMoments(): Promise<number[]> {
        const moments: number[] = [];
        for (let i = 0; i < KILLS; i++) {
          const wait = 100 + Math.floor(Math.random() * 500);
          moments.push(wait);
          await sleep(wait);
          await guichet.kill();
          restarting = guichet.start();
          await restarting;
        }
        return moments;
      }

      const traffic = requesters.map(async (user, index) => {
        await sleep(index * 40);
        await ask(user, index);
        await pressWhenAnswered(user);
      });
      const moments = await killAtRandomMoments();

      // Until the last instance has nothing left to do: every requester who saw an answer pressed, nothing waits in
      // the inbox, and the outbox has sent all it can (a post a killed instance was sending waits for the end of
      // that instance's outbox lease, and is not waited for here).
      const answered = (user: string) => api.posts(dmOf(user), questionTs.get(user)).length > 0;
      const watching = await db.open(env);
      try {
        for (let waited = 0; waited < 20_000; waited += 100) {
          await sleep(100);
          if (!requesters.filter(answered).every((user) => pressAcked.has(user))) continue;
          const now = new Date();
          const inboxBusy = await watching.manager.countBy(InboundEvent, { status: "pending" });
          const due = (await watching.manager.findBy(OutboxMessage, { status: "pending" })).filter((row) => !row.lockedUntil || row.lockedUntil <= now);
          if (inboxBusy === 0 && due.length === 0) break;
        }
      } finally {
        await watching.close();
      }
      pressing = false;
      await Promise.all(traffic);
      await guichet.stop();

      const context = `kills after ${moments.join(", ")} ms; ${askedAcked.size} questions and ${pressAcked.size} presses acknowledged\n${guichet.tail(15)}`;
      expect(askedAcked.size, context).to.be.greaterThan(REQUESTERS / 2);
      expect(pressAcked.size, context).to.be.greaterThan(0);
      const store = await db.open(env);
      try {
        // Every delivery stored was handled: none waits, none was set aside.
        const inbox = await store.manager.find(InboundEvent);
        expect(inbox.filter((row) => row.status !== "done").map((row) => `${row.deliveryKey}: ${row.status} ${row.lastError}`), context).to.deep.equal([]);

        // One answer (the suggestions) per question: stored once in the outbox, and posted.
        const outbox = await store.manager.find(OutboxMessage);
        for (const user of askedAcked) {
          const answers = outbox.filter((row) => row.conversation === dmOf(user) && row.thread === questionTs.get(user) && (row.payload as { kind?: string }).kind === "suggestions");
          expect(answers, `${user}'s answer, ${context}`).to.have.length(1);
          // The outbox sends at least once: a post a killed instance was sending goes again when its lease runs out.
          if (answers[0].status === "sent") expect(answered(user), `${user}'s answer posted, ${context}`).to.equal(true);
          else expect(answers[0].lockedUntil, `${user}'s answer waits for a dead instance's lease, ${context}`).to.not.equal(null);
        }

        // One ticket per requester whose press was acknowledged, and never two for anyone.
        const tickets = (await store.manager.query(
          'SELECT i."externalId" AS "user", COUNT(t."id") AS "count" FROM "person_identity" i JOIN "ticket" t ON t."requesterId" = i."personId" GROUP BY i."externalId"',
        )) as Array<{ user: string; count: number | string }>;
        const ticketsOf = new Map(tickets.map((row) => [row.user, Number(row.count)]));
        for (const user of pressAcked) expect(ticketsOf.get(user), `${user}'s ticket, ${context}`).to.equal(1);
        for (const [user, count] of ticketsOf) expect(count, `${user}'s tickets, ${context}`).to.be.at.most(1);
        for (const user of ticketsOf.keys()) expect(pressed.has(user), `${user} pressed, ${context}`).to.equal(true);
      } finally {
        await store.close();
      }
    });
  });
}
