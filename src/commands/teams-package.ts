import "dotenv/config";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { deflateRawSync } from "node:zlib";
import type { CommandIo } from "./kb-search";

/** manifest/teams/ of the installed package (this file compiles to dist/src/commands/). */
export const TEAMS_MANIFEST_DIR = path.resolve(__dirname, "..", "..", "..", "manifest", "teams");

/** The bot id of the committed manifest: a real one is the Azure Bot's app id (MicrosoftAppId). */
export const PLACEHOLDER_BOT_ID = "00000000-0000-0000-0000-000000000000";

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

export const TEAMS_PACKAGE_USAGE = `Usage: npm run teams:package -- [--app-id GUID] [--version X.Y.Z] [--out FILE]

Builds the Microsoft Teams app package to upload (Teams admin center, or Apps > Manage your apps >
Upload an app): manifest/teams/manifest.json with your bot's app id, its translations and its two icons,
zipped at the root of the archive.

  --app-id GUID   the Azure Bot's Microsoft app id (default: MicrosoftAppId from the environment or .env)
  --version V     the app version to publish (default: the manifest's); raise it at every upload
  --out FILE      where to write the zip (default: manifest/teams/guichet-teams.zip)
`;

interface PackageArgs {
  appId: string;
  version?: string;
  out: string;
  dir: string;
}

/** A file to put in the archive. */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

/**
 * `npm run teams:package`: writes the Teams app package. Returns the exit code: 0 when the zip is written, 1 when
 * the manifest folder is incomplete or wrong (the message names the file), 2 for bad arguments.
 */
export function runTeamsPackage(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, dir = TEAMS_MANIFEST_DIR): number {
  const args = parsePackageArgs(argv, env, dir);
  if (typeof args === "string") {
    io.stderr.write(`teams:package: ${args}\n\n${TEAMS_PACKAGE_USAGE}`);
    return 2;
  }
  try {
    const entries = teamsPackageEntries(args);
    writeFileSync(args.out, zip(entries));
    io.stdout.write(`Wrote ${args.out} (${entries.map((e) => e.name).join(", ")}) for bot ${args.appId}.\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`teams:package: ${(error as Error).message}\n`);
    return 1;
  }
}

function parsePackageArgs(argv: string[], env: NodeJS.ProcessEnv, dir: string): PackageArgs | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { "app-id": { type: "string" }, version: { type: "string" }, out: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return (error as Error).message;
  }
  const appId = (values["app-id"] ?? env.MicrosoftAppId ?? "").trim();
  if (!appId) return "no bot app id: set MicrosoftAppId (in .env or the environment) or pass --app-id";
  if (!GUID.test(appId) || appId === PLACEHOLDER_BOT_ID) return `the bot app id must be the Azure Bot's app id, a GUID (got "${appId}")`;
  if (values.version !== undefined && !/^\d+\.\d+\.\d+$/.test(values.version)) return `--version must look like 1.2.3 (got "${values.version}")`;
  return { appId, version: values.version, out: path.resolve(values.out ?? path.join(dir, "guichet-teams.zip")), dir };
}

/** The files of the package: the manifest with the bot's id filled in, its translations, the icons it names. */
export function teamsPackageEntries(args: Omit<PackageArgs, "out">): ZipEntry[] {
  const manifestFile = path.join(args.dir, "manifest.json");
  const manifest = readJson(manifestFile) as {
    version: string;
    icons: { color: string; outline: string };
    bots: Array<{ botId: string }>;
    webApplicationInfo?: { id: string };
    localizationInfo?: { additionalLanguages?: Array<{ file: string }> };
  };
  for (const bot of manifest.bots) bot.botId = args.appId;
  // Resource-specific consent (hearing thread replies without a mention) is granted to the bot's own app.
  if (manifest.webApplicationInfo) manifest.webApplicationInfo.id = args.appId;
  if (args.version) manifest.version = args.version;

  const entries: ZipEntry[] = [{ name: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }];
  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const file = path.join(args.dir, language.file);
    readJson(file);
    entries.push({ name: language.file, data: readFileSync(file) });
  }
  const icons: Array<[string, number]> = [[manifest.icons.color, 192], [manifest.icons.outline, 32]];
  for (const [name, size] of icons) {
    const file = path.join(args.dir, name);
    const data = readFileSync(file);
    const dimensions = pngSize(data);
    if (!dimensions) throw new Error(`${file}: not a PNG image`);
    if (dimensions.width !== size || dimensions.height !== size) {
      throw new Error(`${file}: Teams wants ${size}×${size} pixels, this icon is ${dimensions.width}×${dimensions.height}`);
    }
    entries.push({ name, data });
  }
  return entries;
}

function readJson(file: string): unknown {
  const text = readFileSync(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(data: Buffer): { width: number; height: number } | null {
  const signature = "89504e470d0a1a0a";
  if (data.length < 24 || data.subarray(0, 8).toString("hex") !== signature || data.toString("ascii", 12, 16) !== "IHDR") return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/**
 * A zip archive (deflated entries, no directories, no zip64): all a Teams app package needs, written with Node's
 * zlib so that packaging adds no dependency.
 */
export function zip(entries: ZipEntry[], date = new Date(2026, 0, 1)): Buffer {
  const { time, day } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function dosDateTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

if (require.main === module) {
  process.exitCode = runTeamsPackage(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
