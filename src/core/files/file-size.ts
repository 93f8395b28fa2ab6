import type { Lang } from "../knowledge/article";
import { texts } from "../messages/texts";

/** A file's size as people read it: "17 Ko", "1,2 Mo" / "17 KB", "1.2 MB" (the catalogue's words, Intl's digits). */
export function fileSize(bytes: number, lang: Lang): string {
  return bytes < 1024 * 1024
    ? texts(lang).fileSize(Math.max(1, Math.round(bytes / 1024)), "kb")
    : texts(lang).fileSize(Math.round(bytes / 104_857.6) / 10, "mb");
}
