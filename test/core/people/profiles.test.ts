import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../../src/config/desk-config";
import { Ticket } from "../../../src/store/entities/Ticket";
import { openPasswordTicket } from "../../support/desk-scenarios";
import { alice, dmOf, openTestDesk, persona, type TestDesk } from "../../support/test-desk";

/** The shipped configuration, with Alice's own profile taken out and Saint-Charles a student campus. */
function configWithSiteProfile() {
  const text = readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")
    .replace("site: luminy, profile: teacher,", "site: st-charles,")
    .replace("- { id: st-charles, label: Saint-Charles,", "- { id: st-charles, profile: student, label: Saint-Charles,");
  return parseDeskConfig(text, "desk.yaml");
}

describe("profiles", () => {
  let t: TestDesk;
  afterEach(async () => t.close());

  it("give people the profile the configuration lists, and their tickets keep it", async () => {
    t = await openTestDesk();
    const ticket = await openPasswordTicket(t);
    expect((await t.desk.person(alice)).profile).to.equal("teacher");
    expect(ticket.profile).to.equal("teacher");
  });

  it("come from the site of people who have none of their own, and stay unset for anyone else", async () => {
    t = await openTestDesk({ config: configWithSiteProfile() });
    expect((await openPasswordTicket(t)).profile).to.equal("student");
    const stranger = persona("zoe");
    await t.desk.receiveMessage({ sender: stranger, place: dmOf("zoe"), text: "mon mot de passe a expiré" });
    await t.flush();
    const button = t.sender.last("dm:zoe").actions?.find((a) => a.action === "kb.not_solved" || a.action === "kb.open_ticket");
    await t.desk.pressButton({ sender: stranger, action: button?.action as string, value: button?.value as string });
    const zoes = await t.guichet.store.manager.findOneOrFail(Ticket, { where: {}, order: { id: "DESC" } });
    expect([zoes.id, zoes.profile, (await t.desk.person(stranger)).profile]).to.deep.equal([2, null, null]);
  });

  it("must be declared: a person or site naming an unknown profile is refused with its line", () => {
    const text = readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8").replace("profile: student, locale: en", "profile: pupil, locale: en");
    expect(() => parseDeskConfig(text, "desk.yaml")).to.throw(/desk\.yaml:\d+: people\.1\.profile: unknown profile "pupil" \(declared: staff, teacher, student\)/);
  });
});
