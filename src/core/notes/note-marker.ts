/**
 * How an agent marks a message as an internal note: its first word is `note:`, `!note` or `//`. The marker is read
 * generously, because a note that reached the requester cannot be taken back: any case; spaces before the colon as
 * French typography wants them (`note :`, with a space, a no-break space U+00A0 or a narrow one U+202F); full-width
 * colons; zero-width characters and Markdown emphasis around it (`**Note :**`), which chat clients insert.
 */
const SPACE = "[\\s\\u200b-\\u200d\\u2060]";
const EMPHASIS = "[*_~]";
const FILLER = `(?:${SPACE}|${EMPHASIS})*`;
const COLON = "[:\\uff1a\\ufe55\\ufe13]";
const NOTE_MARKER = new RegExp(`^${FILLER}(?:note${FILLER}${COLON}|!note${FILLER}${COLON}?|//)${FILLER}`, "iu");

/** The note's text without its marker, or null when the message is not a note. */
export function readInternalNote(text: string): string | null {
  const marker = NOTE_MARKER.exec(text);
  return marker ? text.slice(marker[0].length).trim() : null;
}
