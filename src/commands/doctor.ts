import { parseArgs } from "node:util";
import { formatCheck } from "../ops/doctor/check";
import { doctorExitCode, runDoctor } from "../ops/doctor/run-doctor";
import type { CommandIo } from "./kb-search";
import type { CommandContext } from "./open-desk";

export const DOCTOR_USAGE = `Usage: guichet doctor

Checks everything the running desk needs and prints one line per check: ✓ when it holds, ✗ with what to
do, – when it could not be checked from here (and why). Environment and desk configuration, knowledge
base, database and migrations; Slack: the token, its scopes, every configured channel (the bot must be a
member), person id and email; Teams: the app's token, the app installed in the team of every configured
channel; the outbox: messages waiting, the oldest one's age and the last error.
It changes nothing (the database is neither created nor migrated). Exit status 1 when a check failed.
`;

export interface DoctorContext extends CommandContext {
  /** Azure AD's token service; tests point it at a local fake. */
  teamsLoginUrl?: string;
}

/** `guichet doctor`: 0 when every check passed or was skipped, 1 when one failed, 2 for bad arguments. */
export async function runDoctorCommand(argv: string[], io: CommandIo, context: DoctorContext = {}): Promise<number> {
  try {
    parseArgs({ args: argv, strict: true, options: {} });
  } catch (error) {
    io.stderr.write(`guichet doctor: ${(error as Error).message}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  const checks = await runDoctor(
    { env: context.env ?? process.env, now: context.now, teamsLoginUrl: context.teamsLoginUrl },
    (check) => io.stdout.write(`${formatCheck(check)}\n`),
  );
  const failed = checks.filter((c) => c.status === "fail").length;
  io.stdout.write(failed === 0 ? "\nguichet doctor: everything checked holds.\n" : `\nguichet doctor: ${failed} problem${failed > 1 ? "s" : ""} to fix.\n`);
  return doctorExitCode(checks);
}
