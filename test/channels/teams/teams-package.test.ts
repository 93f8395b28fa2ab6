import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { inflateRawSync, inflateSync } from "node:zlib";
import { ManifestUtil, type TeamsManifest } from "@microsoft/app-manifest";
import { expect } from "chai";
import { crc32, pngSize, runTeamsPackage, TEAMS_MANIFEST_DIR, zip } from "../../../src/commands/teams-package";

const APP_ID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

/** The parts of the manifest the tests read. */
interface Manifest {
  manifestVersion: string;
  version: string;
  bots?: Array<{ botId: string; scopes: string[] }>;
  webApplicationInfo?: { id: string };
}

function schemaProblems(manifest: Manifest): Promise<string[]> {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
  return ManifestUtil.validateManifestAgainstSchema(manifest as unknown as TeamsManifest, schema);
}
const SCHEMA_FILE = require.resolve("@microsoft/app-manifest/build/json-schemas/teams/v1.30/MicrosoftTeams.schema.json");

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (stream: PassThrough) => () => String(stream.read() ?? "");
  return { io: { stdin: new PassThrough(), stdout, stderr }, out: text(stdout), err: text(stderr) };
}

/** Reads a zip's entries through its central directory, checking each CRC. */
function unzip(archive: Buffer): Map<string, Buffer> {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(archive.readUInt32LE(at)).to.equal(0x02014b50);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.toString("utf8", at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const raw = archive.subarray(dataStart, dataStart + size);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(data), `CRC of ${name}`).to.equal(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** RGBA pixels of the 8-bit RGBA, unfiltered PNGs the icon script writes. */
function rgbaPixels(png: Buffer): Array<[number, number, number, number]> {
  const { width, height } = pngSize(png)!;
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString("ascii", at + 4, at + 8) === "IDAT") chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const pixels: Array<[number, number, number, number]> = [];
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    expect(raw[row], "row filter").to.equal(0);
    for (let x = 0; x < width; x++) {
      const p = row + 1 + x * 4;
      pixels.push([raw[p], raw[p + 1], raw[p + 2], raw[p + 3]]);
    }
  }
  return pixels;
}

describe("Teams app package", () => {
  it("validates the committed manifest against the Teams schema it declares (1.30)", async () => {
    const manifest = JSON.parse(readFileSync(path.join(TEAMS_MANIFEST_DIR, "manifest.json"), "utf8")) as Manifest;
    expect(manifest.manifestVersion).to.equal("1.30");
    expect(await schemaProblems(manifest)).to.deep.equal([]);
    expect(manifest.bots?.[0].scopes).to.have.members(["personal", "team", "groupChat"]);
  });

  it("has a 192×192 colour icon and a 32×32 outline that is white on transparent", () => {
    const color = readFileSync(path.join(TEAMS_MANIFEST_DIR, "color.png"));
    const outline = readFileSync(path.join(TEAMS_MANIFEST_DIR, "outline.png"));
    expect(pngSize(color)).to.deep.equal({ width: 192, height: 192 });
    expect(pngSize(outline)).to.deep.equal({ width: 32, height: 32 });
    const pixels = rgbaPixels(outline);
    expect(pixels.every(([r, g, b, a]) => a === 0 || (r === 255 && g === 255 && b === 255))).to.equal(true);
    expect(pixels.some(([, , , a]) => a === 0)).to.equal(true);
    expect(pixels.some(([, , , a]) => a === 255)).to.equal(true);
  });

  it("zips the manifest with the bot's app id, its translation and its icons, readable by any unzip", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "guichet-teams-")), "app.zip");
    const run = io();
    expect(runTeamsPackage(["--app-id", APP_ID, "--version", "1.2.3", "--out", out], run.io, {})).to.equal(0);
    expect(run.out()).to.include(out);
    const files = unzip(readFileSync(out));
    expect([...files.keys()]).to.deep.equal(["manifest.json", "fr.json", "color.png", "outline.png"]);
    const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8")) as Manifest;
    expect(manifest.bots?.[0].botId).to.equal(APP_ID);
    expect(manifest.webApplicationInfo?.id).to.equal(APP_ID);
    expect(manifest.version).to.equal("1.2.3");
    expect(await schemaProblems(manifest)).to.deep.equal([]);
    expect(files.get("color.png")!.equals(readFileSync(path.join(TEAMS_MANIFEST_DIR, "color.png")))).to.equal(true);
    expect(JSON.parse(files.get("fr.json")!.toString("utf8"))["name.short"]).to.equal("guichet");
  });

  it("takes the app id from MicrosoftAppId, and refuses to package without a real one", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "guichet-teams-")), "app.zip");
    expect(runTeamsPackage(["--out", out], io().io, { MicrosoftAppId: APP_ID })).to.equal(0);
    const missing = io();
    expect(runTeamsPackage(["--out", out], missing.io, {})).to.equal(2);
    expect(missing.err()).to.match(/set MicrosoftAppId/);
    expect(runTeamsPackage(["--app-id", "00000000-0000-0000-0000-000000000000"], io().io, {})).to.equal(2);
    expect(runTeamsPackage(["--app-id", "not-a-guid"], io().io, {})).to.equal(2);
  });

  it("writes stored names and sizes that a zip reader finds back", () => {
    const files = unzip(zip([{ name: "a.txt", data: Buffer.from("bonjour ".repeat(100)) }, { name: "é.json", data: Buffer.from("{}") }]));
    expect(files.get("a.txt")!.toString()).to.equal("bonjour ".repeat(100));
    expect(files.get("é.json")!.toString()).to.equal("{}");
  });
});
