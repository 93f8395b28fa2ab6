import { expect } from "chai";
import { serveFiles } from "../../../src/channels/files-endpoint";
import { postManagementDigest } from "../../../src/core/reports/management-digest";
import { postReviewExtraction } from "../../../src/core/reports/review-extraction";
import { PublishedFile } from "../../../src/store/entities/PublishedFile";
import { paris } from "../../core/sla/calendar-fixtures";
import { cardText, type ConnectorCall, type RecordedCard } from "./support/fake-connector";
import { installActivity } from "./support/teams-activities";
import { CHANNELS, openTeamsTestDesk, type TeamsTestDesk } from "./support/teams-test-desk";

const MONDAY = paris("2026-11-30T08:00");

/** The Image elements of a card. */
function images(card: RecordedCard): Array<{ url: string; altText?: string }> {
  return card.body.filter((e) => e.type === "Image") as Array<{ url: string; altText?: string }>;
}

async function digestPost(t: TeamsTestDesk): Promise<ConnectorCall> {
  await t.post(installActivity(t.user("marie"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
  t.clock.now = MONDAY;
  expect(await postManagementDigest(t.guichet.desk.ctx, MONDAY, 7)).to.not.equal(null);
  await t.flush();
  const [post] = t.connector.postsIn(CHANNELS.management);
  expect(post, "the digest is posted in the management channel").to.not.equal(undefined);
  return post;
}

const cardOfPost = (post: ConnectorCall) =>
  ((post.activity.attachments as Array<{ content: RecordedCard }>)[0]).content;

describe("Teams channel: the management digest with its chart", () => {
  let t: TeamsTestDesk;
  afterEach(async () => t.close());

  it("carries the commitments chart inline, small enough for Teams, when guichet has no public address", async () => {
    t = await openTeamsTestDesk();
    const post = await digestPost(t);
    const card = cardOfPost(post);
    const [image] = images(card);
    expect(image.url).to.match(/^data:image\/png;base64,/);
    const png = Buffer.from(image.url.slice("data:image/png;base64,".length), "base64");
    expect([png.subarray(1, 4).toString("ascii"), png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal(["PNG", 480, 220]);
    expect(image.altText).to.match(/^Tickets ouverts et résolus par jour/);
    expect(cardText(card)).to.contain("Bilan du service du lundi 23 novembre 2026 à 08:00");
    expect(post.bodyBytes, "under Teams' 28 KB").to.be.lessThan(28 * 1024);
  });

  it("shows the whole picture from guichet's address when it has one, and guichet serves it there", async () => {
    t = await openTeamsTestDesk({ publicUrl: "https://guichet.example.org", beforeListen: async (guichet, http) => serveFiles(http, guichet.files) });
    const card = cardOfPost(await digestPost(t));
    const [image] = images(card);
    expect(image.url).to.match(/^https:\/\/guichet\.example\.org\/files\/[\w-]{32}\/bilan-2026-11-30\.png$/);
    const served = await fetch(`${t.baseUrl}${new URL(image.url).pathname}`);
    expect([served.status, served.headers.get("content-type"), served.headers.get("x-content-type-options")]).to.deep.equal([200, "image/png", "nosniff"]);
    const png = Buffer.from(await served.arrayBuffer());
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).to.deep.equal([760, 900]);
    // An address whose token is wrong, or whose file was pruned, gives nothing.
    expect((await fetch(`${t.baseUrl}/files/not-a-token/bilan.png`)).status).to.equal(404);
    const token = new URL(image.url).pathname.split("/")[2];
    await t.guichet.store.manager.update(PublishedFile, { token }, { expiresAt: paris("2026-11-30T07:00") });
    expect((await fetch(`${t.baseUrl}${new URL(image.url).pathname}`)).status).to.equal(404);
  });

  it("gives the review extraction's figures, and a link to its CSV when guichet serves it, since Teams takes no file", async () => {
    t = await openTeamsTestDesk({ publicUrl: "https://guichet.example.org", beforeListen: async (guichet, http) => serveFiles(http, guichet.files) });
    await t.post(installActivity(t.user("marie"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    t.clock.now = MONDAY;
    await postReviewExtraction(t.guichet.desk.ctx, MONDAY);
    await t.flush();
    const card = cardOfPost(t.connector.postsIn(CHANNELS.management)[0]);
    expect(cardText(card)).to.contain("Aucun ticket ouvert.");
    const link = (card.actions ?? []).find((a) => a.type === "Action.OpenUrl") as { title: string; url: string };
    expect(link.title).to.equal("Télécharger tickets-ouverts-2026-11-30.csv");
    const served = await fetch(`${t.baseUrl}${new URL(link.url).pathname}`);
    expect([served.status, served.headers.get("content-type"), served.headers.get("content-disposition")]).to.deep.equal([
      200, "text/csv; charset=utf-8", "attachment; filename*=UTF-8''tickets-ouverts-2026-11-30.csv",
    ]);
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.subarray(0, 11).toString("utf8")).to.equal("\ufeffopen_at,");
  });

  it("says where the CSV can be had when guichet has no public address", async () => {
    t = await openTeamsTestDesk();
    await t.post(installActivity(t.user("marie"), { channel: CHANNELS.general }, { serviceUrl: t.connector.serviceUrl }));
    t.clock.now = MONDAY;
    await postReviewExtraction(t.guichet.desk.ctx, MONDAY);
    await t.flush();
    const card = cardOfPost(t.connector.postsIn(CHANNELS.management)[0]);
    // The card's Markdown escapes brackets and underscores.
    expect(cardText(card)).to.contain("Fichier tickets-ouverts-2026-11-30.csv \\(1 Ko\\) : pour le télécharger depuis Teams, guichet doit avoir une adresse publique");
    expect((card.actions ?? []).some((a) => a.type === "Action.OpenUrl")).to.equal(false);
  });
});
