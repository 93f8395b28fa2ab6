import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { lastButton, postedTexts } from "./support/recorded-messages";
import { C, copyOfBundledKnowledge, dmOf, SlackTestDesk, U } from "./support/slack-test-desk";

const MANAGEMENT = "C0MANAGERS";

describe("Slack channel: a resolved ticket's answer becomes an article", function () {
  let t: SlackTestDesk;
  let kbDir: string;

  beforeEach(async () => {
    kbDir = copyOfBundledKnowledge();
    t = await SlackTestDesk.open({ kbDir });
  });

  afterEach(async () => {
    await t.close();
    rmSync(kbDir, { recursive: true, force: true });
  });

  it("saves a draft from the triage card's modal, confirms it beside the card, and lets a manager edit it in a modal and publish it", async () => {
    const question = await t.dm(U.alice, "Le vidéoprojecteur de la salle B12 n'affiche rien quand je branche mon portable");
    await t.settle();
    const open = [...t.api.calls].reverse().some((c) => JSON.stringify(c.args.blocks ?? "").includes("kb.not_solved")) ? "kb.not_solved" : "kb.open_ticket";
    await t.press(U.alice, lastButton(t.api, open, { channel: dmOf(U.alice), threadTs: question }));
    await t.settle();
    await t.press(U.bruno, lastButton(t.api, "ticket.resolve", { channel: C.triage }));
    await t.settle();
    await t.submit(U.bruno, t.openedView(), { resolution: "Appuyez sur Source sur la télécommande, puis choisissez HDMI 2." });
    await t.settle();

    await t.press(U.bruno, lastButton(t.api, "ticket.save_draft", { channel: C.triage }));
    await t.settle();
    const modal = t.openedView();
    const prefilled = Object.fromEntries(
      modal.blocks.filter((b) => b.type === "input").map((b) => {
        const element = b.element as { initial_value?: string; initial_option?: { value: string } };
        return [String(b.block_id), element.initial_value ?? element.initial_option?.value ?? ""];
      }),
    );
    expect(prefilled.answer).to.contain("HDMI 2");
    const saved = await t.submit(U.bruno, modal, { ...prefilled, title: "Vidéoprojecteur sans image", category: prefilled.category || "audiovisual", lang: prefilled.lang || "fr" });
    expect(saved.body).to.equal("");
    await t.settle();

    // The agent is told beside the card (the modal is closed by then); managers get the draft with Publish.
    const cardTs = String(t.api.calls.find((c) => c.method === "chat.postMessage" && c.args.channel === C.triage)?.result?.ts);
    const confirmation = t.api.callsTo("chat.postEphemeral").find((a) => a.user === U.bruno);
    expect(confirmation?.channel).to.equal(C.triage);
    expect(confirmation?.thread_ts).to.equal(cardTs);
    expect(postedTexts(t.api, MANAGEMENT).join("\n")).to.contain("Bruno Agent");

    expect(postedTexts(t.api, MANAGEMENT).join("\n"), "the draft's answer is shown to managers").to.contain("HDMI 2");
    const publish = lastButton(t.api, "kb.publish", { channel: MANAGEMENT });
    await t.press(U.bruno, publish);
    await t.settle();
    expect(t.api.callsTo("chat.postEphemeral").filter((a) => a.user === U.bruno), "an agent may not publish").to.have.length(2);

    // A manager's press opens the draft in a modal; it is published once edited and submitted.
    await t.press(U.marie, publish);
    await t.settle();
    const review = t.openedView();
    const initial = (id: string) => (review.blocks.find((b) => b.block_id === id)?.element as { initial_value?: string }).initial_value;
    expect(initial("body")).to.contain("HDMI 2");
    expect(existsSync(path.join(kbDir, `${publish.value}.md`)), "not published by the press alone").to.equal(false);
    const body = "1. Allumez le vidéoprojecteur avec la télécommande.\n2. Appuyez sur Source, puis choisissez HDMI 2.";
    const submitted = await t.submit(U.marie, review, { title: "Vidéoprojecteur sans image en salle", questions: "le vidéoprojecteur n'affiche rien\nécran noir quand je branche mon portable", body });
    expect(submitted.body).to.equal("");
    await t.settle();
    expect(t.api.callsTo("chat.postEphemeral").some((a) => a.user === U.marie)).to.equal(true);
    const published = readFileSync(path.join(kbDir, `${publish.value}.md`), "utf8");
    expect(published).to.contain("title: Vidéoprojecteur sans image en salle").and.to.contain("Appuyez sur Source").and.to.contain("status: published");
  });
});
