import { expect } from "chai";
import { texts } from "../../../src/core/messages/texts";
import { TRANSITIONS } from "../../../src/core/tickets/ticket-lifecycle";
import type { Lang } from "../../../src/core/knowledge/article";
import { alice, bruno, dmOf, marie, nadia, openTestDesk, type TestDesk } from "../../support/test-desk";

/** Every sentence of a language, functions called with sample arguments, as one list. */
function sentences(lang: Lang): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === "string") found.push([path, value]);
    else if (typeof value === "function") {
      const samples: unknown[][] = [
        ["X", "Y", 3, "Z"], [2, "h"], [1, "d"], ["agent"], ["complete", "thread", 7], ["answer", "command", 7], ["expert", "button", 7], [true],
        [new Date("2026-01-01T09:00:00Z"), 1, "Europe/Paris"],
      ];
      let taken = 0;
      for (const args of samples) {
        let said: unknown;
        try {
          said = (value as (...a: unknown[]) => unknown)(...args);
        } catch {
          continue; // Intl refuses a sample that is not a date where the sentence formats one.
        }
        taken++;
        // A sample word said back is the caller's, not the desk's: only what the function adds is checked.
        if (typeof said === "string" && args.some((arg) => typeof arg === "string" && arg.length > 1 && said.includes(arg))) continue;
        visit(said, `${path}(${args.join(",")})`);
      }
      expect(taken, `${path} took none of the samples`).to.be.greaterThan(0);
    } else if (typeof value === "object" && value !== null) for (const [key, inner] of Object.entries(value)) visit(inner, `${path}.${key}`);
  };
  visit(texts(lang), lang);
  return found;
}

describe("the desk's words", () => {
  it("say no French in English answers", () => {
    const french = /[éèêàùçôîœ«»]|\b(le|la|les|vous|votre|demande|ticket n°)\b/i;
    const leaks = sentences("en").filter(([, text]) => french.test(text));
    expect(leaks).to.deep.equal([]);
  });

  it("say no English in French answers (command words typed as they are excepted)", () => {
    const english = /\b(the|you|your|please|optional|leave|button|there is|cancelled|not allowed)\b/i;
    const quoted = /«\s?[^»]*»|\/[a-z]+/g;
    const leaks = sentences("fr").filter(([, text]) => english.test(text.replace(quoted, "")));
    expect(leaks).to.deep.equal([]);
  });

  for (const lang of ["fr", "en"] as const) {
    it(`name a refused action by its button, never by its id (${lang})`, () => {
      const ids = [...Object.keys(TRANSITIONS), "claim", "escalate", "wait", "take back", "resolve", "merge", "reply", "note", "forward", "article", "rate"];
      const named = ids.map((id) => [id, texts(lang).notAllowed(id)]);
      expect(named.filter(([id, refusal]) => refusal.includes(`«\u00a0${id}\u00a0»`) || refusal.includes(`"${id}"`))).to.deep.equal([]);
      expect(texts(lang).notAllowed("escalate")).to.contain(texts(lang).escalate);
    });

    it(`state the person's real role in the help (${lang})`, () => {
      const t = texts(lang);
      expect(t.help("agent").split("\n")[0]).to.contain(t.roles.agent);
      expect(t.help("requester").split("\n")[0]).to.contain(t.roles.requester);
      expect(t.help("agent")).to.match(/incident/);
      expect(t.help("requester")).not.to.match(/incident/);
    });
  }
});

describe("help, as the desk answers it", () => {
  let t: TestDesk;
  beforeEach(async () => {
    t = await openTestDesk();
  });
  afterEach(async () => t.close());

  it("tells each person their real role", async () => {
    const help = async (sender: typeof alice) => {
      const outcome = await t.desk.runCommand(sender, dmOf(sender.id), "help", "");
      return outcome.kind === "view" ? String(outcome.view.text).split("\n")[0] : "";
    };
    expect(await help(alice)).to.equal("Vous êtes demandeur.");
    expect(await help(bruno)).to.equal("Vous êtes agent du support (niveau 1).");
    expect(await help(nadia)).to.equal("Vous êtes expert (niveau 2).");
    expect(await help(marie)).to.equal("Vous êtes responsable.");
  });
});
