import { expect } from "chai";
import { postManagementDigest } from "../../../src/core/reports/management-digest";
import { postReviewExtraction } from "../../../src/core/reports/review-extraction";
import { OutboxMessage } from "../../../src/store/entities/OutboxMessage";
import { paris } from "../../core/sla/calendar-fixtures";
import { blocksText, lastButton } from "./support/recorded-messages";
import { dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

const MANAGERS = "C0MANAGERS";
const MONDAY = paris("2026-11-30T08:00");

describe("Slack channel: the management digest with its chart", () => {
  let t: SlackTestDesk;
  beforeEach(async () => {
    t = await SlackTestDesk.open();
    await t.dm(U.alice, "j'ai oublié mon mot de passe");
    await t.settle();
    await t.press(U.alice, lastButton(t.api, "kb.not_solved", { channel: dmOf(U.alice) }));
    await t.settle();
    t.api.clear();
    t.clock.now = MONDAY;
  });
  afterEach(async () => t.close());

  it("uploads the chart in three steps as Slack documents them, shared in the management channel with the digest's text", async () => {
    expect(await postManagementDigest(t.guichet.desk.ctx, MONDAY, 7)).to.not.equal(null);
    await t.settle();
    expect(t.api.calls.map((c) => c.method)).to.deep.equal(["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]);
    const [asked] = t.api.callsTo("files.getUploadURLExternal");
    const [shared] = t.api.files.shared;
    expect(asked).to.deep.include({ filename: "bilan-2026-11-30.png", length: String(shared.data.length) });
    expect(String(asked.alt_text)).to.match(/^Tickets ouverts et résolus par jour : 1 ouvert, 0 résolu sur 8 jours\. Engagements tenus/);
    expect(shared.data.subarray(0, 8).toString("hex")).to.equal("89504e470d0a1a0a");
    expect([shared.data.readUInt32BE(16), shared.data.readUInt32BE(20)]).to.deep.equal([760, 900]);
    expect(shared).to.deep.include({ channel: MANAGERS, threadTs: null, initialComment: null, title: "Bilan du lundi 23 novembre 2026 à 08:00 au lundi 30 novembre 2026 à 08:00" });
    expect(blocksText(shared.blocks)).to.contain("Bilan du service du lundi 23 novembre 2026 à 08:00").and.to.contain("Tickets ouverts : 1");
    expect(t.api.posts(MANAGERS)).to.deep.equal([]);
  });

  it("keeps the upload in the outbox while Slack fails it, and uploads it once Slack answers again", async () => {
    t.api.fail("files.getUploadURLExternal", { status: 503 });
    await postManagementDigest(t.guichet.desk.ctx, MONDAY, 7);
    await t.settle();
    expect(t.api.files.shared).to.deep.equal([]);
    const waiting = await t.guichet.store.manager.findOneByOrFail(OutboxMessage, { conversation: MANAGERS });
    expect([waiting.status, waiting.attempts, waiting.lastError]).to.deep.equal(["pending", 1, "slack files.uploadV2: HTTP 503"]);
    t.clock.now = new Date(MONDAY.getTime() + 60_000);
    await t.settle();
    expect(t.api.files.shared.map((f) => f.channel)).to.deep.equal([MANAGERS]);
  });

  it("uploads the review extraction's CSV with the figures and the oldest tickets in its message", async () => {
    expect(await postReviewExtraction(t.guichet.desk.ctx, MONDAY)).to.deep.equal({ open: 1, blocking: 0 });
    await t.settle();
    const [shared] = t.api.files.shared;
    expect([shared.filename, shared.channel]).to.deep.equal(["tickets-ouverts-2026-11-30.csv", MANAGERS]);
    const lines = shared.data.toString("utf8").split("\r\n");
    expect(lines[0].startsWith("\ufeffopen_at,status_at_date,age_days,age_working_days,id,")).to.equal(true);
    expect(lines[1]).to.match(/^2026-11-30T08:00:00\+01:00,acknowledged,5\.9,/);
    expect(blocksText(shared.blocks)).to.contain("1 ticket ouvert, dont 0 bloquant ; le plus ancien a 5,9 jours.");
  });
});
