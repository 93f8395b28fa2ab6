import { expect } from "chai";
import { ProcessedEvent } from "../../../src/store/entities/ProcessedEvent";
import { Ticket } from "../../../src/store/entities/Ticket";
import { BOT_USER_ID } from "./support/fake-slack-api";
import { lastButton } from "./support/recorded-messages";
import { eventEnvelope, httpPost, JSON_TYPE, postSigned, slackSignature } from "./support/slack-requests";
import { C, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

describe("Slack channel: requests Slack did not send, and requests Slack sent twice", function () {
  let t: SlackTestDesk;

  beforeEach(async () => {
    t = await SlackTestDesk.open();
  });

  afterEach(async () => {
    await t.close();
  });

  const dmEvent = (text: string, ts = t.nextTs()) => ({ type: "message", channel: dmOf(U.alice), channel_type: "im", user: U.alice, text, ts, event_ts: ts });

  describe("refused before anything happens", () => {
    it("refuses a request signed with another secret (401) and does nothing", async () => {
      const answer = await t.event(dmEvent("mon mot de passe a expiré"), { secret: "not-the-signing-secret" });
      await t.settle();
      expect(answer.status).to.equal(401);
      expect(t.api.posts(dmOf(U.alice))).to.have.length(0);
    });

    it("refuses a request whose body was changed after signing (401)", async () => {
      const timestamp = Math.floor(Date.now() / 1000);
      const signed = eventEnvelope(dmEvent("bonjour"));
      const tampered = signed.replace("bonjour", "<!channel> urgent");
      const answer = await httpPost(t.eventsUrl, tampered, {
        "content-type": JSON_TYPE,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(t.secret, timestamp, signed),
      });
      expect(answer.status).to.equal(401);
    });

    it("refuses a correctly signed request older than five minutes (401): a replay", async () => {
      const answer = await t.event(dmEvent("mon mot de passe a expiré"), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      await t.settle();
      expect(answer.status).to.equal(401);
      expect(t.api.posts(dmOf(U.alice))).to.have.length(0);
    });

    it("refuses a correctly signed request dated in the future (401), which Bolt alone would accept", async () => {
      const answer = await t.event(dmEvent("mon mot de passe a expiré"), { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
      await t.settle();
      expect(answer.status).to.equal(401);
      expect(t.api.posts(dmOf(U.alice))).to.have.length(0);
    });

    it("refuses a request without a timestamp or signature (401)", async () => {
      const answer = await httpPost(t.eventsUrl, eventEnvelope(dmEvent("bonjour")), { "content-type": JSON_TYPE });
      expect(answer.status).to.equal(401);
    });

    it("refuses a body over 1 MiB with 413 without reading it", async () => {
      const body = eventEnvelope(dmEvent("x".repeat(1024 * 1024 + 10)));
      const answer = await postSigned(t.eventsUrl, t.secret, body, JSON_TYPE).catch((error: NodeJS.ErrnoException) => ({ status: error.code ?? "error", body: "" }));
      // The server answers 413 and closes; a client still writing may see the reset instead of the answer.
      expect([413, "ECONNRESET", "EPIPE"]).to.include(answer.status);
      await t.settle();
      expect(t.api.posts(dmOf(U.alice))).to.have.length(0);
    });

    it("refuses an oversized body sent without a length (chunked) with 413", async () => {
      const { request } = await import("node:http");
      const url = new URL(t.eventsUrl);
      const body = eventEnvelope(dmEvent("y".repeat(1024 * 1024 + 10)));
      const timestamp = Math.floor(Date.now() / 1000);
      const status = await new Promise<number | string>((resolve) => {
        const req = request({
          host: url.hostname, port: url.port, path: url.pathname, method: "POST",
          headers: { "content-type": JSON_TYPE, "transfer-encoding": "chunked", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": slackSignature(t.secret, timestamp, body) },
        }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
        req.end(body);
      });
      expect([413, "ECONNRESET", "EPIPE"]).to.include(status);
    });

    it("answers Slack's URL verification challenge", async () => {
      const body = JSON.stringify({ token: "legacy", challenge: "c-123", type: "url_verification" });
      const answer = await postSigned(t.eventsUrl, t.secret, body, JSON_TYPE);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.contain("c-123");
    });
  });

  describe("delivered more than once", () => {
    it("acknowledges a retried delivery (X-Slack-Retry-Num) and creates nothing twice", async () => {
      const event = dmEvent("mon mot de passe a expiré, je ne peux plus me connecter");
      const first = await t.event(event, { eventId: "Ev0RETRY01" });
      const retry = await t.event(event, { eventId: "Ev0RETRY01", retryNum: 1 });
      const again = await t.event(event, { eventId: "Ev0RETRY01", retryNum: 2 });
      await t.settle();
      expect([first.status, retry.status, again.status]).to.deep.equal([200, 200, 200]);
      expect(t.api.posts(dmOf(U.alice)), "one answer to one question").to.have.length(1);
      expect(await t.guichet.store.manager.countBy(ProcessedEvent, { eventId: "Ev0RETRY01" })).to.equal(1);
    });

    it("handles a retry that is the only copy to arrive (the first was lost): retries are not dropped blindly", async () => {
      await t.event(dmEvent("mon mot de passe a expiré"), { eventId: "Ev0ONLYRETRY", retryNum: 2 });
      await t.settle();
      expect(t.api.posts(dmOf(U.alice))).to.have.length(1);
    });

    it("ignores the same event_id redelivered with the retry counter back at zero (Socket Mode does this)", async () => {
      const event = dmEvent("mon mot de passe a expiré");
      await t.event(event, { eventId: "Ev0SOCKET" });
      await t.settle();
      await t.event(event, { eventId: "Ev0SOCKET" });
      await t.settle();
      expect(t.api.posts(dmOf(U.alice))).to.have.length(1);
    });

    it("handles two copies of one event arriving at the same time once", async () => {
      const event = dmEvent("mon mot de passe a expiré");
      await Promise.all([t.event(event, { eventId: "Ev0TWIN" }), t.event(event, { eventId: "Ev0TWIN", retryNum: 1 })]);
      await t.settle();
      expect(t.api.posts(dmOf(U.alice))).to.have.length(1);
    });

    it("answers a mention once, though Slack delivers it as app_mention and as a channel message", async () => {
      const ts = t.nextTs();
      const text = `<@${BOT_USER_ID}> mon imprimante n'imprime plus rien depuis ce matin`;
      const base = { channel: C.helpdesk, user: U.alice, text, ts, event_ts: ts };
      await Promise.all([
        t.event({ type: "app_mention", ...base }, { eventId: "Ev0MENTION" }),
        t.event({ type: "message", channel_type: "channel", ...base }, { eventId: "Ev0MESSAGE" }),
      ]);
      await t.settle();
      const answers = t.api.posts(C.helpdesk);
      expect(answers, "one answer, in a thread under the mention").to.have.length(1);
      expect(answers[0].thread_ts).to.equal(ts);
    });

    it("creates one ticket when the same button press is delivered twice", async () => {
      const question = await t.dm(U.alice, "mon mot de passe a expiré et je ne peux plus me connecter");
      await t.settle();
      const notSolved = lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice), threadTs: question });
      await Promise.all([t.press(U.alice, notSolved, { triggerId: "1.2.same-trigger" }), t.press(U.alice, notSolved, { triggerId: "1.2.same-trigger" })]);
      await t.settle();
      expect(await t.guichet.store.manager.count(Ticket)).to.equal(1);
      expect(t.api.posts(C.triage)).to.have.length(1);
    });
  });

  describe("messages not meant for the desk", () => {
    it("does not answer people talking in a channel, in or out of threads", async () => {
      const ts = t.nextTs();
      await t.event({ type: "message", channel_type: "channel", channel: C.general, user: U.ben, text: "mon wifi ne marche pas", ts, event_ts: ts });
      await t.threadReply(U.alice, C.general, ts, "chez moi non plus, eduroam est en panne ?");
      await t.settle();
      expect(t.api.callsTo("chat.postMessage")).to.have.length(0);
      expect(t.api.callsTo("chat.postEphemeral")).to.have.length(0);
    });

    it("ignores bot messages, edits and deletions", async () => {
      const base = { channel: dmOf(U.alice), channel_type: "im", ts: t.nextTs() };
      await t.event({ type: "message", ...base, subtype: "bot_message", bot_id: "B0OTHER", text: "mot de passe" });
      await t.event({ type: "message", ...base, subtype: "message_changed", message: { text: "mot de passe" } });
      await t.event({ type: "message", ...base, subtype: "message_deleted", previous_message: { text: "mot de passe" } });
      await t.event({ type: "message", ...base, user: BOT_USER_ID, bot_id: "B0BOT", text: "Voici ce qui pourrait vous aider" });
      await t.settle();
      expect(t.api.callsTo("chat.postMessage")).to.have.length(0);
    });

    it("continues a conversation started by a mention when the requester answers in its thread without mentioning", async () => {
      const ts = t.nextTs();
      await t.event({ type: "app_mention", channel: C.helpdesk, user: U.alice, text: `<@${BOT_USER_ID}> mon mot de passe a expiré`, ts, event_ts: ts });
      await t.settle();
      await t.threadReply(U.alice, C.helpdesk, ts, "et je ne peux plus me connecter à l'ENT");
      await t.settle();
      const answers = t.api.posts(C.helpdesk, ts);
      expect(answers.length, "suggestions, then suggestions for both messages").to.equal(2);
    });
  });
});
