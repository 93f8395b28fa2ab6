import { expect } from "chai";
import { readInternalNote } from "../../../src/core/notes/note-marker";

/** A test name that shows invisible and no-break spaces as escapes. */
const shown = (text: string) => JSON.stringify(text).replace(/[\u00a0\u202f\u2009]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

describe("internal note marker", () => {
  const notes: Array<[string, string]> = [
    ["note: appelé l'équipe Wi-Fi", "appelé l'équipe Wi-Fi"],
    ["note : appelé l'équipe Wi-Fi", "appelé l'équipe Wi-Fi"],
    ["NOTE : appelé l'équipe Wi-Fi", "appelé l'équipe Wi-Fi"],
    ["Note\u00a0: appelé l'équipe Wi-Fi", "appelé l'équipe Wi-Fi"],
    ["Note\u202f: appelé l'équipe Wi-Fi", "appelé l'équipe Wi-Fi"],
    ["nOtE  \u00a0 :appelé", "appelé"],
    ["note：全角", "全角"],
    ["  \u00a0note: indented", "indented"],
    ["**Note :** en gras", "en gras"],
    ["!note certificat renouvelé", "certificat renouvelé"],
    ["!NOTE: certificat renouvelé", "certificat renouvelé"],
    ["!Note : certificat renouvelé", "certificat renouvelé"],
    ["// certificat renouvelé", "certificat renouvelé"],
    ["//certificat", "certificat"],
    ["note:", ""],
  ];
  for (const [text, note] of notes) {
    it(`reads ${shown(text)} as a note`, () => {
      expect(readInternalNote(text)).to.equal(note);
    });
  }

  const replies = [
    "Bonjour Alice, pouvez-vous réessayer ?",
    "Note that the certificate was renewed yesterday",
    "notez bien : le certificat est renouvelé",
    "La note : 5/5",
    "https://intranet.example.org/aide",
    "/ pas un commentaire",
    "",
  ];
  for (const text of replies) {
    it(`reads ${shown(text)} as a reply to the requester`, () => {
      expect(readInternalNote(text)).to.equal(null);
    });
  }
});
