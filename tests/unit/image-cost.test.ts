import { describe, expect, it } from "vitest";
import { extraImagePoints } from "../../api/src/services/image-cost.ts";

const points = (width: number, height: number) => extraImagePoints({ format: "png", width, height });

describe("extraImagePoints", () => {
  it("charges nothing extra for a canvas drawing", () => {
    expect(points(280, 280)).toBe(0);
    expect(points(28, 28)).toBe(0);
    expect(points(511, 512)).toBe(0);
  });

  it("charges one point per whole quarter megapixel, whatever the shape", () => {
    expect(points(512, 512)).toBe(1);
    expect(points(1024, 1024)).toBe(4);
    expect(points(2048, 2048)).toBe(16);
    expect(points(2048, 128)).toBe(1);
    expect(points(4096, 64)).toBe(1);
  });

  it("reads JPEG headers the same way", () => {
    expect(extraImagePoints({ format: "jpeg", width: 1024, height: 768 })).toBe(3);
  });
});
