import { describe, expect, it } from "vitest";
import { imagePath, parsePredictionId } from "../../api/src/services/prediction-record.ts";

describe("parsePredictionId", () => {
  it("takes positive integers that fit the id column", () => {
    expect(parsePredictionId("1")).toBe(1);
    expect(parsePredictionId("42")).toBe(42);
    expect(parsePredictionId("2147483647")).toBe(2_147_483_647);
  });

  it("gives null for anything that cannot be a prediction's id", () => {
    for (const id of ["", "0", "-1", "+1", "1.5", "1e3", " 1", "1 ", "abc", "0x10", "2147483648", "99999999999", "99999999999999999999"]) {
      expect(parsePredictionId(id), JSON.stringify(id)).toBeNull();
    }
  });

  it("agrees with the image URL the server serves", () => {
    expect(imagePath(parsePredictionId("17")!)).toBe("/predictions/17/image.png");
  });
});
