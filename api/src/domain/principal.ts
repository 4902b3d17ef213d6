/**
 * Roles an API key can have. A REVIEWER's labels are trusted (they may train a model) and they
 * may approve or reject other people's; an ADMIN may do that and manage models and data.
 */
export const ROLES = ["ADMIN", "REVIEWER"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, when they sent a valid API key. */
export interface Principal {
  keyId: number;
  /** The key's name, for audit records (never the key itself). */
  name: string;
  role: Role;
}

/** Whether a principal may do what any of `roles` may: an ADMIN may do everything. */
export const mayAct = (principal: Principal, roles: readonly Role[]): boolean =>
  principal.role === "ADMIN" || roles.length === 0 || roles.includes(principal.role);
