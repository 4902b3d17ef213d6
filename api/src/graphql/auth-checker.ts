import type { AuthChecker } from "type-graphql";
import { mayAct, type Role } from "../domain/principal.ts";
import { AppError, ErrorCode } from "../lib/errors.ts";
import type { Context } from "./context.ts";

/**
 * type-graphql's check for `@Authorized(...roles)`. It throws rather than returning false, so that
 * a missing key (UNAUTHENTICATED) and a key whose role may not act (FORBIDDEN) get their own codes.
 */
export const authChecker: AuthChecker<Context, Role> = async ({ context }, roles) => {
  const principal = await context.principal();
  if (!principal) throw new AppError(ErrorCode.UNAUTHENTICATED, "This operation needs an API key: send Authorization: Bearer <key>");
  if (!mayAct(principal, roles)) throw new AppError(ErrorCode.FORBIDDEN, `This operation needs the ${roles.join(" or ")} role; this key is ${principal.role}`);
  return true;
};
