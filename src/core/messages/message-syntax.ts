import { IntlMessageFormat } from "intl-messageformat";

/** What an ICU message needs from its caller: the names of its arguments (placeholders). */
export type MessageSyntax = { ok: true; args: Set<string> } | { ok: false; problem: string; line: number; column: number };

// The element types of the parser's tree (@formatjs/icu-messageformat-parser's TYPE) that name an argument.
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

interface Element {
  type: number;
  value?: unknown;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

/**
 * Parses an ICU message the way the formatter will (tags are plain text: a desk may write `<` in a sentence) and lists
 * its arguments, or says where its syntax is wrong (line and column inside the message).
 */
export function parseMessage(text: string): MessageSyntax {
  let elements: Element[];
  try {
    elements = new IntlMessageFormat(text, "en", undefined, { ignoreTag: true }).getAst() as Element[];
  } catch (error) {
    const location = (error as { location?: { start: { line: number; column: number } } }).location;
    return { ok: false, problem: syntaxProblem((error as Error).message), line: location?.start.line ?? 1, column: location?.start.column ?? 1 };
  }
  const args = new Set<string>();
  collectArguments(elements, args);
  return { ok: true, args };
}

function collectArguments(elements: Element[], args: Set<string>): void {
  for (const element of elements) {
    if ([ARGUMENT, NUMBER, DATE, TIME, SELECT, PLURAL].includes(element.type) && typeof element.value === "string") args.add(element.value);
    for (const option of Object.values(element.options ?? {})) collectArguments(option.value, args);
    if (element.type === TAG && element.children) collectArguments(element.children, args);
  }
}

/** The parser's error kinds (EXPECT_ARGUMENT_CLOSING_BRACE) as a sentence. */
function syntaxProblem(kind: string): string {
  return `bad ICU MessageFormat syntax (${kind.toLowerCase().replace(/_/g, " ")})`;
}
