import type { Lang } from "../knowledge/article";

/** A file's size as people read it: "17 Ko", "1,2 Mo" / "17 KB", "1.2 MB". */
export function fileSize(bytes: number, lang: Lang): string {
  const [value, unit] = bytes < 1024 * 1024
    ? [Math.max(1, Math.round(bytes / 1024)), lang === "fr" ? "Ko" : "KB"]
    : [Math.round(bytes / 104_857.6) / 10, lang === "fr" ? "Mo" : "MB"];
  return `${lang === "fr" ? String(value).replace(".", ",") : value} ${unit}`;
}
