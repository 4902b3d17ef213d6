import { badInput } from "../lib/errors.ts";

/** Opaque history cursors: base64url of "p:<id>". */
export const encodeCursor = (id: number) => Buffer.from(`p:${id}`).toString("base64url");

/** The id a page asked for with `after` starts below; undefined for the first page. */
export const afterId = (after: string | null | undefined): number | undefined => (after === undefined || after === null ? undefined : decodeCursor(after));

export function decodeCursor(cursor: string): number {
  const match = /^p:(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  // Ids are PostgreSQL integers: a larger number was never a cursor (and would fail in SQL).
  if (!match || Number(match[1]) > 2_147_483_647) throw badInput("`after` is not a cursor returned by history");
  return Number(match[1]);
}
