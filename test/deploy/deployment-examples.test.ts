import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SLACK_EVENTS_PATH } from "../../src/channels/slack/slack-app";
import { envSchema, PACKAGE_ROOT } from "../../src/config/env";

const UNIT = path.join(PACKAGE_ROOT, "deploy", "guichet.service");
const NGINX = path.join(PACKAGE_ROOT, "deploy", "nginx-guichet.conf");
const README = readFileSync(path.join(PACKAGE_ROOT, "README.md"), "utf8");

/** `systemd-analyze` answers here (it need not be the init system: `verify` reads unit files). */
const systemdAnalyze = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
const hasSystemdAnalyze = systemdAnalyze.error === undefined && systemdAnalyze.status === 0;

/** The value of `Key=` in a unit file. */
function unitValue(unit: string, key: string): string | undefined {
  return new RegExp(`^${key}=(.*)$`, "m").exec(unit)?.[1];
}

describe("deployment examples (deploy/)", () => {
  const unit = readFileSync(UNIT, "utf8");
  const nginx = readFileSync(NGINX, "utf8");

  it("are shown in the README exactly as shipped", () => {
    expect(README).to.contain(`\`\`\`ini\n${unit}\`\`\``);
    expect(README).to.contain(`\`\`\`nginx\n${nginx}\`\`\``);
  });

  if (hasSystemdAnalyze) {
    it("the systemd unit passes systemd-analyze verify without a warning", () => {
      // verify checks that ExecStart's program exists: node, where the unit says it is (/usr/bin/node).
      const dir = mkdtempSync(path.join(tmpdir(), "guichet-unit-"));
      copyFileSync(UNIT, path.join(dir, "guichet.service"));
      const result = spawnSync("systemd-analyze", ["verify", path.join(dir, "guichet.service")], { encoding: "utf8" });
      expect(result.stderr.split("\n").filter((line) => line.includes("guichet.service")), "warnings about the unit").to.deep.equal([]);
      expect(result.status).to.equal(0);
    });
  } else {
    it("the systemd unit is not checked by systemd-analyze verify on this machine: the command is not installed", () => {
      expect(hasSystemdAnalyze).to.equal(false);
      expect(unitValue(unit, "ExecStart"), "at least its program path is absolute, as systemd wants it").to.match(/^\/\S+ \/\S+\/dist\/src\/main\.js$/);
    });
  }

  it("the unit gives guichet longer to stop than guichet gives itself to drain, and sends SIGTERM", () => {
    const drainSeconds = envSchema.parse({}).SHUTDOWN_TIMEOUT_SECONDS;
    expect(Number(unitValue(unit, "TimeoutStopSec"))).to.be.greaterThan(drainSeconds);
    expect(unitValue(unit, "KillSignal")).to.equal("SIGTERM");
    expect(unitValue(unit, "ExecStart")).to.equal(`/usr/bin/node ${unitValue(unit, "WorkingDirectory")}/dist/src/main.js`);
  });

  it("the reverse proxy serves over HTTPS only the two addresses the platforms post to, on guichet's default port", () => {
    const locations = [...nginx.matchAll(/^\s*location (= )?(\S+) \{/gm)].map((m) => `${m[1] ?? ""}${m[2]}`);
    expect(locations).to.deep.equal([`= ${SLACK_EVENTS_PATH}`, "= /api/messages", "/"]);
    expect(nginx).to.match(/location \/ \{\s*return 404;\s*\}/);
    expect(nginx).to.contain(`server 127.0.0.1:${envSchema.parse({}).PORT};`);
    expect(nginx).to.match(/listen 443 ssl;/);
    expect(nginx).to.match(/return 301 https:\/\/\$host\$request_uri;/);
  });
});
