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
  const type = response.headers.get("content-type") ?? "";
  if (!/json/i.test(type)) {
    throw new GraphQLRequestError(`${url} answered HTTP ${response.status} with ${type.split(";")[0] || "no content type"}, not GraphQL: is that the API's /graphql URL?`, undefined);
  }
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, "status">;
  return { status: response.status, ...body };
}

/** The error codes of a response, in order. */
export const codes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((e) => e.extensions?.code);

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** The error's extensions (e.g. `index`: which image of a batch was refused). */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Sends a generated, typed document to the API over HTTP and returns its typed data; throws its first error. */
export async function request<Result, Variables>(url: string, document: TypedDocumentNode<Result, Variables>, variables: Variables): Promise<Result> {
  let response: GraphQLResponse<Result>;
  try {
    response = await gql<Result>(url, print(document), variables as Record<string, unknown>, { accept: "application/json" });
  } catch (error) {
    if (error instanceof GraphQLRequestError) throw error;
    // fetch's own "fetch failed" names neither the URL nor the reason.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new GraphQLRequestError(`cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, undefined);
  }
  if (response.errors?.length) {
    const first = response.errors[0]!;
    throw new GraphQLRequestError(first.message, first.extensions?.code, first.extensions ?? {});
  }
  if (!response.data) throw new GraphQLRequestError(`HTTP ${response.status} without data`, undefined);
  return response.data;
}
