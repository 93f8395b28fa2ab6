/** Why the desk refused something; the channel shows `message` to the person who asked. */
export type DeskErrorCode =
  | "not_allowed"
  | "not_found"
  | "already_claimed"
  | "invalid_transition"
  | "invalid_input"
  | "awaiting_approval";

/** An error for people: a code for programs and a message, in the asker's language, saying what to do. */
export class DeskError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DeskError";
  }
}
