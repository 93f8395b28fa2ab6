/** A file shared by files.completeUploadExternal, as the fake received it. */
export interface SharedFile {
  fileId: string;
  filename: string;
  title: string | null;
  altText: string | null;
  data: Buffer;
  channel: string | null;
  threadTs: string | null;
  /** The message's blocks (ignored by Slack when an initial comment is given). */
  blocks: unknown;
  initialComment: string | null;
}

interface PendingUpload {
  filename: string;
  length: number;
  altText: string | null;
  data: Buffer | null;
}

/**
 * Slack's three-step file upload as its documentation describes it, for the fake Web API:
 * `files.getUploadURLExternal` (filename and length required) returns an upload URL and a file id; the bytes are
 * POSTed to that URL, raw or as a multipart form, and answered 200 "OK - length"; `files.completeUploadExternal`
 * (a JSON array `files` of {id, title}) shares the uploaded files in `channel_id`, in `thread_ts` if given, with
 * `blocks` or `initial_comment`. A file whose bytes never arrived, or not as many as announced, cannot be completed.
 */
export class FakeFileUploads {
  readonly shared: SharedFile[] = [];
  private readonly pending = new Map<string, PendingUpload>();
  private next = 1;

  /** files.getUploadURLExternal */
  uploadUrl(args: Record<string, unknown>, base: string): Record<string, unknown> {
    const filename = typeof args.filename === "string" ? args.filename : "";
    const length = Number(args.length);
    if (filename === "" || args.length === undefined) return { ok: false, error: "invalid_arguments" };
    if (!Number.isInteger(length) || length <= 0) return { ok: false, error: "missing_argument" };
    const fileId = `F0${String(this.next++).padStart(8, "0")}`;
    // The SDK sends alt_text; the method's documentation calls it alt_txt.
    const altText = (args.alt_text ?? args.alt_txt ?? null) as string | null;
    this.pending.set(fileId, { filename, length, altText, data: null });
    return { ok: true, upload_url: `${base}${fileId}`, file_id: fileId };
  }

  /** The POST to an upload URL: false when the URL names no file the fake handed out. */
  async receive(fileId: string, body: Buffer, contentType: string): Promise<number | null> {
    const upload = this.pending.get(fileId);
    if (!upload) return null;
    if (contentType.startsWith("multipart/form-data")) {
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType } }).formData();
      const part = [...form.values()].find((value) => typeof value !== "string") as Blob | undefined;
      upload.data = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      upload.data = body;
    }
    return upload.data.length;
  }

  /** files.completeUploadExternal */
  complete(args: Record<string, unknown>): Record<string, unknown> {
    const files = args.files as Array<{ id?: string; title?: string }> | undefined;
    if (!Array.isArray(files) || files.length === 0) return { ok: false, error: "invalid_arguments" };
    const ready = files.map((f) => ({ f, upload: this.pending.get(String(f.id)) }));
    if (ready.some(({ upload }) => !upload || upload.data === null || upload.data.length !== upload.length)) return { ok: false, error: "file_not_found" };
    const channel = typeof args.channel_id === "string" ? args.channel_id : null;
    const shared = ready.map(({ f, upload }) => {
      const file: SharedFile = {
        fileId: String(f.id), filename: upload!.filename, title: f.title ?? null, altText: upload!.altText, data: upload!.data as Buffer,
        channel, threadTs: typeof args.thread_ts === "string" ? args.thread_ts : null, blocks: args.blocks ?? null,
        initialComment: typeof args.initial_comment === "string" ? args.initial_comment : null,
      };
      this.pending.delete(file.fileId);
      this.shared.push(file);
      return file;
    });
    return {
      ok: true,
      files: shared.map((s) => ({ id: s.fileId, name: s.filename, title: s.title ?? s.filename, size: s.data.length, channels: channel ? [channel] : [] })),
    };
  }
}
