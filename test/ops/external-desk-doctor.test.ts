import { expect } from "chai";
import { externalDeskChecks } from "../../src/ops/doctor/external-desk-check";
import { formatCheck } from "../../src/ops/doctor/check";
import { FakeGlpi } from "../support/fake-glpi";
import { FakeZammad } from "../support/fake-zammad";
import { freePort } from "../support/guichet-process";
import { shippedConfigWith } from "../support/test-desk";

const config = shippedConfigWith(`
externalDesks:
  - { id: ric, label: RIC, connector: glpi }
  - { id: dsi, label: DSI, connector: zammad, zammad: { group: Users } }
  - { id: labo, label: Labo, connector: webhook }
webhooks:
  - { id: bi, events: [ticket.closed] }
`);

describe("guichet doctor: the other desks", () => {
  const glpi = new FakeGlpi();
  const zammad = new FakeZammad();
  before(async () => {
    await glpi.start();
    await zammad.start();
  });
  after(async () => {
    await glpi.close();
    await zammad.close();
  });
  const env = (overrides: Record<string, string> = {}) => ({
    GUICHET_DESK_RIC_URL: glpi.url,
    GUICHET_DESK_RIC_USER_TOKEN: glpi.userToken,
    GUICHET_DESK_RIC_APP_TOKEN: glpi.appToken as string,
    GUICHET_DESK_DSI_URL: zammad.url,
    GUICHET_DESK_DSI_TOKEN: zammad.token,
    GUICHET_DESK_LABO_URL: "https://labo.univ-exemple.fr/guichet",
    GUICHET_DESK_LABO_SECRET: "labo-secret",
    GUICHET_WEBHOOK_BI_URL: "https://bi.univ-exemple.fr/in",
    GUICHET_WEBHOOK_BI_SECRET: "bi-secret",
    ...overrides,
  });

  it("checks each desk's credentials with a call that changes nothing, one line each", async () => {
    const lines = (await externalDeskChecks(config, env())).map(formatCheck);
    expect(lines).to.deep.equal([
      "✓ desk ric (glpi): GLPI accepts the tokens (a session opened and killed)",
      "✓ desk dsi (zammad): Zammad accepts the token (user guichet@univ-exemple.fr)",
      "– desk labo (webhook): not called from here (a webhook receives events only); it calls back on POST /hooks/labo",
      "✓ webhook bi: URL and secret set (events: ticket.closed)",
    ]);
    expect(glpi.sessions.size).to.equal(0);
    expect(glpi.tickets.size + zammad.tickets.size).to.equal(0);
  });

  it("says which desk refuses its credentials or cannot be reached, and what to check", async () => {
    const port = await freePort();
    const lines = (await externalDeskChecks(config, env({ GUICHET_DESK_RIC_USER_TOKEN: "wrong", GUICHET_DESK_DSI_URL: `http://127.0.0.1:${port}` }))).map(formatCheck);
    expect(lines[0]).to.equal("✗ desk ric (glpi): GLPI answered 401 ERROR_GLPI_LOGIN_USER_TOKEN (opening a session) → check GUICHET_DESK_RIC_URL and the credentials in GUICHET_DESK_RIC_*; transfers wait in the outbox meanwhile");
    expect(lines[1]).to.match(/^✗ desk dsi \(zammad\): Zammad unreachable \(ECONNREFUSED\) → check GUICHET_DESK_DSI_URL/);
  });

  it("names the variables that are not set", async () => {
    const lines = (await externalDeskChecks(config, env({ GUICHET_DESK_DSI_TOKEN: "" }))).map(formatCheck);
    expect(lines).to.deep.equal(['✗ other desks: GUICHET_DESK_DSI_TOKEN: not set (a Zammad access token (ticket.agent) for the desk dsi) → set the variable in .env (see .env.example, "Other desks")']);
  });

  it("has nothing to say when no other desk is configured", async () => {
    expect(await externalDeskChecks(shippedConfigWith(""), {})).to.deep.equal([]);
  });
});
