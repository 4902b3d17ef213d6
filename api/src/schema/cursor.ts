import { badInput } from "../errors.ts";

/** Opaque history cursors: base64url of "p:<id>". */
export const encodeCursor = (id: number) => Buffer.from(`p:${id}`).toString("base64url");

export function decodeCursor(cursor: string): number {
  const match = /^p:(\d{1,10})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw badInput("`after` is not a cursor returned by history");
  return Number(match[1]);
}
