import type { FileSource } from "../core/files/published-files";
import type { HttpServer } from "./http-server";

/**
 * `GET /files/{token}/{name}`: the files the desk sent (the digest's chart, an extraction's CSV), for Teams, which
 * shows images and follows links by URL only. The random token is the only key; an expired or unknown one is 404.
 * Images are shown inline, anything else is a download; nothing is cached by shared caches.
 */
export function serveFiles(http: HttpServer, files: FileSource): void {
  http.routePrefix("GET", "/files/", async (req, res) => {
    const [token] = (req.url ?? "").split("?")[0].slice("/files/".length).split("/");
    const file = token ? await files.read(decodeURIComponent(token)) : null;
    if (!file) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const image = file.contentType.startsWith("image/");
    res.writeHead(200, {
      "content-type": file.contentType === "text/csv" ? "text/csv; charset=utf-8" : file.contentType,
      "content-length": String(file.data.length),
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
      "content-disposition": `${image ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    res.end(file.data);
  });
}
