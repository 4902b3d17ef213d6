import { describe, expect, it } from "vitest";
import { readImageHeader } from "../../api/src/inference/image-header.ts";
import { greyPng } from "../helpers/png.ts";

/** A JPEG's first segments: SOI, then the given ones, each as marker + payload (length added). */
function jpeg(...segments: Array<[number, Buffer]>): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (const [marker, payload] of segments) {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(payload.length + 2, 2);
    parts.push(head, payload);
  }
  return Buffer.concat(parts);
}

/** A start-of-frame payload: precision, height, width, one component. */
function frame(width: number, height: number): Buffer {
  const payload = Buffer.from([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  payload.writeUInt16BE(height, 1);
  payload.writeUInt16BE(width, 3);
  return payload;
}

const app0 = Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1");

describe("readImageHeader", () => {
  it("reads a PNG's size from its IHDR", () => {
    expect(readImageHeader(greyPng(37, 11))).toEqual({ format: "png", width: 37, height: 11 });
  });

  it("reads the declared size alone, however large, without looking further", () => {
    const bomb = greyPng(16, 16);
    bomb.writeUInt32BE(20_000, 16);
    bomb.writeUInt32BE(30_000, 20);
    expect(readImageHeader(bomb.subarray(0, 24))).toEqual({ format: "png", width: 20_000, height: 30_000 });
  });

  it("refuses a PNG signature without IHDR first, or cut before the size", () => {
    const png = greyPng(16, 16);
    expect(readImageHeader(png.subarray(0, 23))).toBeNull();
    const renamed = Buffer.from(png);
    renamed.write("tEXt", 12, "latin1");
    expect(readImageHeader(renamed)).toBeNull();
  });

  it("finds a JPEG's frame size past other segments and fill bytes, for baseline and progressive", () => {
    expect(readImageHeader(jpeg([0xe0, app0], [0xc0, frame(640, 480)]))).toEqual({ format: "jpeg", width: 640, height: 480 });
    expect(readImageHeader(jpeg([0xc2, frame(28, 300)]))).toEqual({ format: "jpeg", width: 28, height: 300 });
    const filled = jpeg([0xe0, app0], [0xc0, frame(100, 50)]);
    const withFill = Buffer.concat([filled.subarray(0, 2), Buffer.from([0xff, 0xff]), filled.subarray(2)]);
    expect(readImageHeader(withFill)).toEqual({ format: "jpeg", width: 100, height: 50 });
  });

  it("gives null for a JPEG without a frame, with a broken segment, or cut short", () => {
    expect(readImageHeader(jpeg([0xe0, app0]))).toBeNull();
    const noMarker = jpeg([0xe0, app0], [0xc0, frame(64, 64)]);
    noMarker[2 + 4 + app0.length] = 0x00;
    expect(readImageHeader(noMarker)).toBeNull();
    const zeroLength = jpeg([0xe0, app0], [0xc0, frame(64, 64)]);
    zeroLength.writeUInt16BE(0, 4);
    expect(readImageHeader(zeroLength)).toBeNull();
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff]))).toBeNull();
  });

  it("gives null for anything else", () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00", "latin1"), Buffer.from("<svg/>"), Buffer.alloc(64, 0xff)]) {
      expect(readImageHeader(bytes)).toBeNull();
    }
  });
});
