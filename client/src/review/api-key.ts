/*
 * A reviewer's API key, kept for this browser tab only (sessionStorage): closing the tab forgets
 * it, and no other site or tab can read it.
 */
const STORAGE_KEY = "digit-recognizer.api-key";

export function storedKey(): string {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

export function storeKey(key: string): void {
  try {
    if (key) sessionStorage.setItem(STORAGE_KEY, key);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage off (private mode): the key lives as long as the page.
  }
}

/** urql's per-operation options that send the key. */
export const withKey = (key: string) => ({ fetchOptions: { headers: { authorization: `Bearer ${key}` } } });

/** What a refusal of the key means, in words; null when the error is about something else. */
export function keyProblem(code: unknown): string | null {
  if (code === "UNAUTHENTICATED") return "That key is not valid (unknown, revoked or mistyped).";
  if (code === "FORBIDDEN") return "That key may not review labels: it needs the REVIEWER or ADMIN role.";
  return null;
}
