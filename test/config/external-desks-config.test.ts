import { expect } from "chai";
import { readFileSync } from "node:fs";
import { DEFAULT_DESK_CONFIG_FILE, parseDeskConfig } from "../../src/config/desk-config";
import { ConfigError, externalVariable, readExternalSecrets } from "../../src/config/env";

const withDesks = (yaml: string) => `${readFileSync(DEFAULT_DESK_CONFIG_FILE, "utf8")}\n${yaml}`;

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

const RIC = `
externalDesks:
  - id: ric-desk
    label: { fr: Service Desk RIC, en: RIC service desk }
    connector: glpi
    categories: [network]
    requestTypes: [guest-wifi]
  - id: dsi
    label: Helpdesk DSI
    connector: zammad
    zammad: { group: Users }
webhooks:
  - id: bi
    events: [ticket.created, ticket.closed]
`;

describe("other desks and webhooks in the configuration and the environment", () => {
  it("reads the desks, what goes to them at once, and the webhook subscribers", () => {
    const config = parseDeskConfig(withDesks(RIC), "desk.yaml");
    expect(config.externalDesks.map((d) => [d.id, d.connector, d.categories, d.requestTypes, d.pollMinutes, d.timeoutSeconds])).to.deep.equal([
      ["ric-desk", "glpi", ["network"], ["guest-wifi"], 5, 10],
      ["dsi", "zammad", [], [], 5, 10],
    ]);
    expect(config.webhooks).to.deep.equal([{ id: "bi", events: ["ticket.created", "ticket.closed"] }]);
    expect(config.jobs.externalDesks).to.equal("* * * * *");
  });

  it("refuses an unknown category, a category two desks want, a request type needing approval or a workflow, and a Zammad desk without its group", () => {
    const message = errorOf(() => parseDeskConfig(withDesks(`
externalDesks:
  - { id: a, label: A, connector: glpi, categories: [network, nowhere] }
  - { id: b, label: B, connector: zammad, categories: [network] }
  - { id: c, label: C, connector: webhook, requestTypes: [car-access, new-staff], glpi: { categories: {} } }
`), "desk.yaml"));
    expect(message).to.match(/desk\.yaml:\d+: externalDesks\.0\.categories\.1: unknown category "nowhere"/);
    expect(message).to.match(/externalDesks\.1\.categories\.0: "network" already goes to the desk "a": a request goes to one desk/);
    expect(message).to.match(/externalDesks\.1\.connector: a Zammad desk needs `zammad: \{ group: … \}`/);
    expect(message).to.match(/externalDesks\.2\.requestTypes\.0: "car-access" needs a manager's approval: it cannot be handed over at creation/);
    expect(message).to.match(/externalDesks\.2\.requestTypes\.1: "new-staff" is a workflow: it cannot be handed over \(hand over the categories of its sub-requests instead\)/);
    expect(message).to.match(/externalDesks\.2\.glpi: `glpi` settings are for a GLPI desk, not a webhook one/);
  });

  it("takes URLs and secrets from the environment only, GUICHET_DESK_<ID>_… with the id in capitals", () => {
    const config = parseDeskConfig(withDesks(RIC), "desk.yaml");
    expect(externalVariable("DESK", "ric-desk", "USER_TOKEN")).to.equal("GUICHET_DESK_RIC_DESK_USER_TOKEN");
    const secrets = readExternalSecrets(config, {
      GUICHET_DESK_RIC_DESK_URL: "https://glpi.univ-exemple.fr/apirest.php",
      GUICHET_DESK_RIC_DESK_USER_TOKEN: "u-token",
      GUICHET_DESK_DSI_URL: "https://zammad.univ-exemple.fr",
      GUICHET_DESK_DSI_TOKEN: "z-token",
      GUICHET_WEBHOOK_BI_URL: "https://bi.univ-exemple.fr/hooks/guichet",
      GUICHET_WEBHOOK_BI_SECRET: "bi-secret",
    });
    expect(secrets.desks.get("ric-desk")).to.deep.equal({ connector: "glpi", url: "https://glpi.univ-exemple.fr/apirest.php", userToken: "u-token", appToken: null });
    expect(secrets.desks.get("dsi")).to.deep.equal({ connector: "zammad", url: "https://zammad.univ-exemple.fr", token: "z-token" });
    expect(secrets.webhooks.get("bi")).to.deep.equal({ url: "https://bi.univ-exemple.fr/hooks/guichet", secret: "bi-secret" });
  });

  it("names every missing or bad variable at once, and never prints a secret", () => {
    const config = parseDeskConfig(withDesks(RIC), "desk.yaml");
    const message = errorOf(() => readExternalSecrets(config, {
      GUICHET_DESK_RIC_DESK_URL: "glpi.univ-exemple.fr",
      GUICHET_DESK_RIC_DESK_USER_TOKEN: "u-token-that-stays-secret",
      GUICHET_WEBHOOK_BI_URL: "https://bi.univ-exemple.fr",
    }));
    expect(message.split("\n").slice(1)).to.deep.equal([
      "  GUICHET_DESK_RIC_DESK_URL: must be an http:// or https:// URL (GLPI's REST API of the desk ric-desk, e.g. https://glpi.example.org/apirest.php)",
      "  GUICHET_DESK_DSI_URL: not set (Zammad's address for the desk dsi, e.g. https://zammad.example.org)",
      "  GUICHET_DESK_DSI_TOKEN: not set (a Zammad access token (ticket.agent) for the desk dsi)",
      "  GUICHET_WEBHOOK_BI_SECRET: not set (the secret that signs the events of the webhook bi)",
    ]);
    expect(message).not.to.include("u-token-that-stays-secret");
  });
});
