import { expect } from "chai";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runBackup, runRestore } from "../../src/commands/backup";
import { PACKAGE_ROOT } from "../../src/config/env";
import { pidFileOf } from "../../src/ops/pid-file";
import { Store } from "../../src/store/data-source";
import { OutboxMessage } from "../../src/store/entities/OutboxMessage";
import { Ticket } from "../../src/store/entities/Ticket";
import { TicketEvent } from "../../src/store/entities/TicketEvent";
import { captureIo } from "../commands/command-io";
import { freePort, GuichetProcess } from "../support/guichet-process";
import { openTestDesk, persona, writeTestKnowledgeBase, type TestDesk } from "../support/test-desk";

/** `guichet backup FILE` as an operator runs it: another process, on the database guichet is writing to. */
function backupProcess(dbFile: string, destination: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [path.join(PACKAGE_ROOT, "dist", "src", "cli.js"), "backup", destination], {
    cwd: path.dirname(dbFile),
    env: { PATH: process.env.PATH, GUICHET_DB_FILE: dbFile, LOG_LEVEL: "silent" },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, out, err })));
}

/** A requester reports a problem through the incident form: one ticket, committed when the call returns. */
async function report(t: TestDesk, n: number): Promise<void> {
  const login = `user${n}`;
  const outcome = await t.desk.submitForm({
    sender: persona(login),
    form: "incident",
    context: "incident",
    values: { description: `panne numéro ${n} : l'écran du poste reste noir` },
    place: { platform: "console", conversation: `dm:${login}` },
  });
  if (outcome.kind !== "done") throw new Error(`ticket ${n} not created: ${JSON.stringify(outcome)}`);
}

const numberOf = (ticket: Pick<Ticket, "description">) => Number(/panne numéro (\d+)/.exec(ticket.description)?.[1]);

describe("guichet backup and restore (SQLite)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "guichet-backup-"));
  });

  it("takes a backup during a load of messages that opens and holds every ticket committed before it started, each whole", async function () {
    // A second node process starts while this one writes on both cores of a shared machine.
    this.timeout(60_000);
    const dbFile = path.join(dir, "desk.sqlite");
    const t = await openTestDesk({ sqliteFile: dbFile });
    const committed = new Set<number>();
    let next = 0;
    let backupDone = false;
    let afterBackup = 0;
    let committedAtStart: Set<number> | null = null;
    const worker = async () => {
      // Until the backup is over, and a few tickets more: writes go on during the whole copy.
      while (!backupDone || afterBackup < 5) {
        const n = ++next;
        await report(t, n);
        // better-sqlite3 answers without I/O: without a turn of the event loop, timers and the child would starve.
        await new Promise((resolve) => setImmediate(resolve));
        committed.add(n);
        if (backupDone) afterBackup += 1;
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    while (committed.size < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    committedAtStart = new Set(committed);
    const destination = path.join(dir, "backup.sqlite");
    const backup = await backupProcess(dbFile, destination);
    backupDone = true;
    await load;
    await t.close();

    expect(backup.err).to.equal("");
    expect(backup.code).to.equal(0);
    expect(backup.out).to.match(/^backup written: .*backup\.sqlite \(\d+ tickets, (\d+ KiB|\d+\.\d MiB), integrity checked\)\n$/);
    expect(statSync(destination).mode & 0o777, "readable by its owner only, like the database").to.equal(0o600);
    const copy = await Store.connect({ sqliteFile: destination });
    try {
      const tickets = await copy.manager.find(Ticket);
      const inCopy = new Set(tickets.map(numberOf));
      for (const n of committedAtStart) expect(inCopy.has(n), `ticket of report ${n}, committed before the backup began`).to.equal(true);
      expect(tickets.length, "the tickets created after the backup are not in it").to.be.lessThan(committed.size);
      expect(backup.out).to.contain(`(${tickets.length} tickets`);
      // One instant of the database: every ticket in the copy has what its transaction wrote with it.
      for (const ticket of tickets) {
        expect(await copy.manager.countBy(TicketEvent, { ticketId: ticket.id }), `events of ticket ${ticket.id}`).to.be.greaterThan(0);
      }
      const receipts = await copy.manager.countBy(OutboxMessage, {});
      expect(receipts).to.be.at.least(tickets.length);
      expect(await copy.pendingMigrations()).to.deep.equal([]);
    } finally {
      await copy.close();
    }
  });

  it("refuses to overwrite a file, and sends PostgreSQL users to pg_dump", async () => {
    const dbFile = path.join(dir, "desk.sqlite");
    await (await Store.open({ sqliteFile: dbFile })).close();
    const existing = path.join(dir, "already.sqlite");
    writeFileSync(existing, "precious");
    const io = captureIo();
    expect(await runBackup([existing], io, { env: { GUICHET_DB_FILE: dbFile } })).to.equal(1);
    expect(io.err()).to.equal(`guichet backup: ${existing} already exists: a backup never overwrites a file; choose another name\n`);
    expect(readFileSync(existing, "utf8")).to.equal("precious");
    const pg = captureIo();
    expect(await runBackup([path.join(dir, "b.sqlite")], pg, { env: { DATABASE_URL: "postgres://localhost/guichet" } })).to.equal(1);
    expect(pg.err()).to.match(/PostgreSQL \(DATABASE_URL\): back it up with pg_dump/);
    const none = captureIo();
    expect(await runBackup([], none, { env: { GUICHET_DB_FILE: dbFile } })).to.equal(2);
  });

  it("restores a backup in place of the database, keeping the database it replaces beside it", async () => {
    const dbFile = path.join(dir, "desk.sqlite");
    const t = await openTestDesk({ sqliteFile: dbFile });
    for (let n = 1; n <= 3; n++) await report(t, n);
    const backup = path.join(dir, "backup.sqlite");
    expect(await runBackup([backup], captureIo(), { env: { GUICHET_DB_FILE: dbFile } })).to.equal(0);
    for (let n = 4; n <= 5; n++) await report(t, n);
    await t.close();

    const io = captureIo();
    const now = new Date("2026-11-24T09:00:00Z");
    expect(await runRestore([backup], io, { env: { GUICHET_DB_FILE: dbFile }, now: () => now })).to.equal(0);
    const aside = `${dbFile}.before-restore-2026-11-24T09-00-00-000Z`;
    expect(io.out()).to.equal(`restored ${backup} into ${dbFile} (3 tickets); the database it replaces is kept as ${aside}.\nStart guichet: it applies the migrations of this version to the restored database.\n`);
    expect(statSync(dbFile).mode & 0o777).to.equal(0o600);
    const restored = await Store.open({ sqliteFile: dbFile });
    expect((await restored.manager.find(Ticket)).map(numberOf).sort()).to.deep.equal([1, 2, 3]);
    await restored.close();
    const replaced = await Store.connect({ sqliteFile: aside });
    expect(await replaced.manager.count(Ticket), "nothing of the replaced database is lost").to.equal(5);
    await replaced.close();
  });

  it("refuses a file that is not a guichet database, and changes nothing", async () => {
    const dbFile = path.join(dir, "desk.sqlite");
    await (await Store.open({ sqliteFile: dbFile })).close();
    const junk = path.join(dir, "notes.txt");
    writeFileSync(junk, "not a database at all, just some text that is long enough to be read as a file header....");
    const io = captureIo();
    expect(await runRestore([junk], io, { env: { GUICHET_DB_FILE: dbFile } })).to.equal(1);
    expect(io.err()).to.match(/^guichet restore: .*notes\.txt is not a SQLite database.*: nothing was changed\n$/);
    expect(existsSync(dbFile)).to.equal(true);
  });

  it("refuses to restore while guichet runs on the database (its pid file), and not after it stopped", async function () {
    // guichet itself is started as a second node process.
    this.timeout(60_000);
    const dbFile = path.join(dir, "desk.sqlite");
    const backup = path.join(dir, "backup.sqlite");
    await (await Store.open({ sqliteFile: backup })).close();
    const guichet = new GuichetProcess({
      GUICHET_CHANNEL: "teams", HOST: "127.0.0.1", PORT: String(await freePort()), GUICHET_DB_FILE: dbFile, GUICHET_KB_DIR: writeTestKnowledgeBase(),
    });
    await guichet.start();
    const pid = guichet.pid;
    expect(readFileSync(pidFileOf(dbFile), "utf8").trim()).to.equal(String(pid));

    const refused = captureIo();
    expect(await runRestore([backup], refused, { env: { GUICHET_DB_FILE: dbFile } })).to.equal(1);
    expect(refused.err()).to.equal(`guichet restore: guichet is running on ${dbFile} (pid ${pid}): stop it first (e.g. systemctl stop guichet), then restore\n`);

    expect(await guichet.stop()).to.equal(0);
    expect(existsSync(pidFileOf(dbFile)), "the pid file goes with the process").to.equal(false);
    expect(await runRestore([backup], captureIo(), { env: { GUICHET_DB_FILE: dbFile } })).to.equal(0);
  });

  it("counts a pid file left by a process that is gone (a crash) for nothing", async () => {
    const dbFile = path.join(dir, "desk.sqlite");
    await (await Store.open({ sqliteFile: dbFile })).close();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    writeFileSync(pidFileOf(dbFile), `${gone.pid}\n`);
    const backup = path.join(dir, "backup.sqlite");
    expect(await runBackup([backup], captureIo(), { env: { GUICHET_DB_FILE: dbFile } })).to.equal(0);
    expect(await runRestore([backup], captureIo(), { env: { GUICHET_DB_FILE: dbFile } })).to.equal(0);
  });
});
