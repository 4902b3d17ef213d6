import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export interface GraphQLResponse<Data> {
  status: number;
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

/** POSTs one GraphQL operation over real HTTP, the way any client would, and returns status and body. */
export async function gql<Data = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, "status">;
  return { status: response.status, ...body };
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((e) => e.extensions?.code);

export class GraphQLRequestError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

/** Sends a generated, typed document to the API over HTTP and returns its typed data; throws its first error. */
export async function request<Result, Variables>(url: string, document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  const response = await gql<Result>(url, print(document), variables as Record<string, unknown>, { accept: "application/json" });
  if (response.errors?.length) {
    const first = response.errors[0]!;
    throw new GraphQLRequestError(first.message, first.extensions?.code);
  }
  if (!response.data) throw new GraphQLRequestError(`HTTP ${response.status} without data`, undefined);
  return response.data;
}
