import { createHash, randomBytes } from "node:crypto";
import { badInput } from "../lib/errors.ts";
import { parsePredictionId } from "./prediction-record.ts";

/*
 * predictDigit gives the maker of each prediction a random token and stores only its sha256: the
 * token, with the prediction's id, lets them replace it by a later prediction of the same drawing.
 * Ids are public (history, live feed), so without it anyone could remove others' fresh drawings.
 */

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;

const keyOf = (token: string): Buffer => createHash("sha256").update(token).digest();

export function newReplaceToken(): { token: string; key: Buffer } {
  const token = randomBytes(18).toString("base64url");
  return { token, key: keyOf(token) };
}

/**
 * What `replaces` and `replaceToken` ask for: null when neither is given, or when the id cannot
 * be a prediction (then nothing is replaced, as for an unknown id). Throws BAD_USER_INPUT when
 * only one of them is given or the token is malformed.
 */
export function replaceTarget(replaces: string | null | undefined, replaceToken: string | null | undefined): { id: number; key: Buffer } | null {
  const hasId = replaces !== null && replaces !== undefined;
  const hasToken = replaceToken !== null && replaceToken !== undefined;
  if (!hasId && !hasToken) return null;
  if (!hasId || !hasToken) throw badInput("replaces and replaceToken go together: pass both from the answer to the earlier predictDigit");
  if (!TOKEN.test(replaceToken)) throw badInput("replaceToken is not a token that predictDigit gave");
  const id = parsePredictionId(replaces);
  return id === null ? null : { id, key: keyOf(replaceToken) };
}
