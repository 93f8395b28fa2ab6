import { crc32, deflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A chart drawn with a few flat colours has a hundred or so distinct pixels values, anti-aliasing included: stored
 * as a palette PNG (one byte a pixel, exactly the same picture) it is three to five times smaller than the RGBA PNG
 * resvg writes, which matters where a card must stay under Teams' 28 KB. Null when the picture has more than 256
 * colours (then the RGBA PNG is the one to use).
 */
export function indexedPng(rgba: Uint8Array, width: number, height: number): Buffer | null {
  const palette = new Map<number, number>();
  const indices = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    // Each scanline starts with its filter type, 0: none (the palette indices compress well as they are).
    indices[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const colour = ((rgba[p] << 24) | (rgba[p + 1] << 16) | (rgba[p + 2] << 8) | rgba[p + 3]) >>> 0;
      let index = palette.get(colour);
      if (index === undefined) {
        if (palette.size === 256) return null;
        index = palette.size;
        palette.set(colour, index);
      }
      indices[y * (width + 1) + 1 + x] = index;
    }
  }
  const colours = [...palette.keys()];
  const plte = Buffer.alloc(colours.length * 3);
  const trns = Buffer.alloc(colours.length);
  colours.forEach((c, i) => {
    plte[i * 3] = c >>> 24;
    plte[i * 3 + 1] = (c >>> 16) & 0xff;
    plte[i * 3 + 2] = (c >>> 8) & 0xff;
    trns[i] = c & 0xff;
  });
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per palette index
  header[9] = 3; // colour type: palette
  const opaque = trns.every((alpha) => alpha === 255);
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", header),
    chunk("PLTE", plte),
    ...(opaque ? [] : [chunk("tRNS", trns)]),
    chunk("IDAT", deflateSync(indices, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
