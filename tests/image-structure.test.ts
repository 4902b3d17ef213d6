import { deflateSync } from "node:zlib";
import { Jimp } from "jimp";
import { describe, expect, it } from "vitest";
import { checkJpegLayout, checkPngInflatesWithinHeader, checkPngLayout, MAX_JPEG_SCANS } from "../api/src/inference/image-structure.ts";
import { prepareImage } from "../api/src/inference/prepare-image.ts";
import { asDataUrl, blankPng, ihdr, jpegWithScans, png, pngBombBehindSmallHeader, pngChunk, pngWithSecondHeader } from "./abuse/helpers/attack-images.ts";
import { canvasOfDigit } from "./helpers/fixtures.ts";

const LIMITS = { maxImageBytes: 2 * 1024 * 1024, maxImageSide: 2048 };

/** Adam7 pass sizes, to build an interlaced PNG by hand (pngjs writes only non-interlaced ones). */
function interlacedGreyPng(width: number, height: number, ink: (x: number, y: number) => number): Buffer {
  const passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]] as const;
  const rows: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    for (let y = y0; y < height; y += dy) {
      if (x0 >= width) break;
      rows.push(0); // filter: none
      for (let x = x0; x < width; x += dx) rows.push(ink(x, y));
    }
  }
  return png(ihdr({ width, height, depth: 8, colourType: 0, interlace: 1 }), pngChunk("IDAT", deflateSync(Buffer.from(rows))));
}

describe("PNG structure is checked before decoding", () => {
  it("accepts what browsers and encoders write, interlaced or not", async () => {
    const { png: canvas } = await canvasOfDigit(0);
    const layout = checkPngLayout(canvas);
    expect(layout).toMatchObject({ width: 280, height: 280, interlaced: false });
    expect(() => checkPngInflatesWithinHeader(layout)).not.toThrow();

    // A white-on-black bar, interlaced: the exact Adam7 size must be computed right for every odd size.
    for (const [w, h] of [[28, 28], [37, 11], [9, 64], [280, 280]] as const) {
      const image = interlacedGreyPng(w, h, (x, y) => (Math.abs(x - w / 2) < w / 6 && y > h / 5 && y < (4 * h) / 5 ? 255 : 0));
      const interlaced = checkPngLayout(image);
      expect(interlaced.interlaced).toBe(true);
      expect(() => checkPngInflatesWithinHeader(interlaced)).not.toThrow();
      const { digit } = await prepareImage(asDataUrl(image), LIMITS);
      expect(digit.pixels.length).toBe(784);
    }
  });

  it("refuses a second IHDR, IHDR not first, split image data, data after IEND, and bad headers", () => {
    const idat = pngChunk("IDAT", deflateSync(Buffer.alloc(16 * 17)));
    const cases: Array<[string, Buffer, RegExp]> = [
      ["second IHDR (bigger)", pngWithSecondHeader({ width: 16, height: 16 }, { width: 8000, height: 8000 }), /more than one IHDR/],
      ["second IHDR after the data", png(ihdr({ width: 16, height: 16 }), idat, ihdr({ width: 9000, height: 9000 })), /IHDR/],
      ["IHDR not first", png(pngChunk("tEXt", Buffer.from("a\0b")), ihdr({ width: 16, height: 16 }), idat), /first chunk is not IHDR/],
      ["IDAT chunks apart", png(ihdr({ width: 16, height: 16 }), idat, pngChunk("tEXt", Buffer.from("a\0b")), idat), /not consecutive/],
      ["16-bit palette", png(ihdr({ width: 16, height: 16, depth: 16, colourType: 3 }), idat), /colour type/],
      ["interlace method 2", png(ihdr({ width: 16, height: 16, interlace: 2 as 1 }), idat), /interlace/],
      ["no IEND", Buffer.concat([png(ihdr({ width: 16, height: 16 }), idat)]).subarray(0, -12), /IEND/],
      ["bytes after IEND", Buffer.concat([png(ihdr({ width: 16, height: 16 }), idat), Buffer.alloc(40)]), /after IEND/],
      ["a chunk longer than the file", Buffer.concat([png(ihdr({ width: 16, height: 16 })).subarray(0, 33), Buffer.from([0x7f, 0xff, 0xff, 0xff, 0x49, 0x44, 0x41, 0x54])]), /past the end|truncated/],
    ];
    for (const [name, bytes, message] of cases) expect(() => checkPngLayout(bytes), name).toThrow(message);
  });

  it("refuses image data that unpacks to more than the header promises, interlaced or not, however it is chunked", async () => {
    for (const [spec, megabytes, chunk] of [
      [{ width: 16, height: 16, interlace: 1 as const }, 64, 65536],
      [{ width: 16, height: 16, interlace: 0 as const }, 64, 1024],
      [{ width: 100, height: 37, depth: 16, colourType: 6, interlace: 1 as const }, 32, 8192],
    ] as const) {
      const bomb = await pngBombBehindSmallHeader(spec, megabytes, chunk);
      expect(() => checkPngInflatesWithinHeader(checkPngLayout(bomb))).toThrow(/unpacks to more than its header declares/);
    }
  });

  it("refuses image data shorter than the header promises", () => {
    const short = png(ihdr({ width: 64, height: 64 }), pngChunk("IDAT", deflateSync(Buffer.alloc(100))));
    expect(() => checkPngInflatesWithinHeader(checkPngLayout(short))).toThrow(/shorter/);
  });

  it("passes a genuine large blank PNG (its cost is bounded by time and rate limits, not refused as malformed)", () => {
    expect(() => checkPngInflatesWithinHeader(checkPngLayout(blankPng(512, 512)))).not.toThrow();
  });
});

describe("JPEG structure is checked before decoding", () => {
  it("accepts a baseline JPEG as encoders write it", async () => {
    const { png: canvas } = await canvasOfDigit(1);
    const jpeg = await (await Jimp.fromBuffer(canvas)).getBuffer("image/jpeg");
    expect(checkJpegLayout(jpeg)).toMatchObject({ width: 280, height: 280, scans: 1 });
    expect((await prepareImage(asDataUrl(jpeg, "jpeg"), LIMITS)).digit.pixels.length).toBe(784);
  });

  it("refuses too many scans, a second frame, unsupported coding and component counts", () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ["115k-scan style flood", jpegWithScans({ width: 2048, height: 2048, scans: 5000 }), /more than 32 scans/],
      ["one scan over the limit", jpegWithScans({ width: 640, height: 480, scans: MAX_JPEG_SCANS + 1 }), /scans/],
      ["a second, bigger frame", jpegWithScans({ width: 16, height: 16, sof: 0xc0, scans: 1, extraFrame: { width: 2048, height: 2048 } }), /more than one frame/],
      ["lossless", jpegWithScans({ width: 64, height: 64, sof: 0xc3, scans: 1 }), /not supported/],
      ["arithmetic progressive", jpegWithScans({ width: 64, height: 64, sof: 0xca, scans: 1 }), /not supported/],
      ["CMYK", jpegWithScans({ width: 64, height: 64, components: 4, scans: 1 }), /1 or 3 components/],
      ["truncated", jpegWithScans({ width: 64, height: 64, scans: 2 }).subarray(0, -2), /end-of-image|truncated/],
    ];
    for (const [name, bytes, message] of cases) expect(() => checkJpegLayout(bytes), name).toThrow(message);
    expect(checkJpegLayout(jpegWithScans({ width: 640, height: 480, scans: MAX_JPEG_SCANS })).scans).toBe(MAX_JPEG_SCANS);
  });
});
