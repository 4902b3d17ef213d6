import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "../../api/src/lib/errors.ts";
import { newReplaceToken, replaceTarget } from "../../api/src/services/replace-token.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest();

/** The AppError `call` throws (or a failure when it throws nothing or something else). */
function appErrorOf(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, nothing was thrown");
}

describe("replace tokens", () => {
  it("are random URL-safe strings, and only their sha256 is kept", () => {
    const a = newReplaceToken();
    const b = newReplaceToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.key.equals(sha256(a.token))).toBe(true);
    expect(a.key).toHaveLength(32);
  });

  it("name the prediction to replace and the key its maker holds", () => {
    const { token, key } = newReplaceToken();
    const target = replaceTarget("42", token);
    expect(target?.id).toBe(42);
    expect(target?.key.equals(key)).toBe(true);
  });

  it("ask for nothing when neither id nor token is given", () => {
    expect(replaceTarget(null, null)).toBeNull();
    expect(replaceTarget(undefined, undefined)).toBeNull();
    expect(replaceTarget(undefined, null)).toBeNull();
  });

  it("go together with an id: one without the other is BAD_USER_INPUT", () => {
    const { token } = newReplaceToken();
    for (const [replaces, replaceToken] of [["42", null], ["42", undefined], [null, token], [undefined, token]] as const) {
      const error = appErrorOf(() => replaceTarget(replaces, replaceToken));
      expect(error.code).toBe("BAD_USER_INPUT");
      expect(error.message).toMatch(/go together/);
    }
  });

  it("must look like a token predictDigit gives, even for an id that cannot exist", () => {
    for (const malformed of ["", "short", "not a token at all!!!!!!", "x".repeat(65), `${"a".repeat(23)}=`]) {
      for (const id of ["42", "abc"]) {
        const error = appErrorOf(() => replaceTarget(id, malformed));
        expect(error.code).toBe("BAD_USER_INPUT");
        expect(error.message).toMatch(/replaceToken/);
      }
    }
  });

  it("replace nothing when the id cannot be a prediction, as for an unknown one", () => {
    const { token } = newReplaceToken();
    for (const id of ["abc", "0", "-1", "2147483648", "1.5", ""]) expect(replaceTarget(id, token)).toBeNull();
  });
});
