import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../api/src/graphql/cursor.ts";
import { AppError } from "../../api/src/lib/errors.ts";

const refusal = (cursor: string) => {
  try {
    decodeCursor(cursor);
  } catch (error) {
    return error instanceof AppError ? error.code : error;
  }
  return "accepted";
};

describe("history cursors", () => {
  it("round-trip every id the id column can hold", () => {
    for (const id of [1, 7, 123_456, 2_147_483_647]) expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it("are opaque base64url of p:<id>", () => {
    expect(encodeCursor(42)).toBe(Buffer.from("p:42").toString("base64url"));
    expect(encodeCursor(42)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuse anything history did not hand out with BAD_USER_INPUT", () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    for (const cursor of ["", "nonsense", b64("p:"), b64("p:-1"), b64("p:1.5"), b64("p:12x"), b64("q:12"), b64(" p:12"), b64("p:2147483648"), b64("p:9999999999"), b64("p:12345678901")]) {
      expect(refusal(cursor), cursor).toBe("BAD_USER_INPUT");
    }
  });
});
