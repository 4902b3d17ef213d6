import { Client, fetchExchange, type AnyVariables, type OperationResult, type TypedDocumentNode } from "@urql/core";
import { print } from "graphql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import {
  FeedbackDocument,
  HistoryDocument,
  PredictDocument,
  PredictionAddedDocument,
  PredictionRemovedDocument,
  PredictionUpdatedDocument,
  PredictManyDocument,
  StatsChangedDocument,
  StatsDocument,
} from "./documents.js";
import { DigitApiError, fromCombinedError, fromGraphQLErrors, liveConnectionFailed } from "./errors.js";
import type { HistoryFilter, SdkPredictionFragment, SdkPredictManyMutation, SdkStatsFragment } from "./gql/graphql.js";

export { DigitApiError } from "./errors.js";
export * as documents from "./documents.js";
export type { ErrorCode, HistoryFilter, LabelStatus, SdkPredictionFragment as Prediction, SdkStatsFragment as Stats, Verdict } from "./gql/graphql.js";

/** One image's outcome in predictMany: its stored prediction, or why it was refused. */
export type PredictResult = SdkPredictManyMutation["predictDigitsEach"][number];

export interface DigitClientOptions {
  /** The API's GraphQL URL, e.g. http://localhost:4000/graphql; subscriptions use the same URL over ws(s). */
  url: string;
  /** A fetch implementation (the global one by default). */
  fetch?: typeof fetch;
  /** A WebSocket class for subscriptions where there is no global one (Node 20: the `ws` package). */
  webSocketImpl?: unknown;
  /** An API key (REVIEWER or ADMIN): labels given with it are trusted at once. */
  apiKey?: string;
}

export interface HistoryPage {
  nodes: SdkPredictionFragment[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null; hasPreviousPage: boolean; startCursor?: string | null };
}

/** The live events, and what each one carries. */
export interface DigitEvents {
  /** A new prediction, from anyone. */
  predictionAdded: SdkPredictionFragment;
  /** A prediction whose label was given or changed. */
  predictionUpdated: SdkPredictionFragment;
  /** The id of a prediction that is gone (replaced, taken back or deleted). */
  predictionRemoved: string;
  /** The statistics, at once and after every change. */
  statsChanged: SdkStatsFragment;
}

const EVENTS = {
  predictionAdded: PredictionAddedDocument,
  predictionUpdated: PredictionUpdatedDocument,
  predictionRemoved: PredictionRemovedDocument,
  statsChanged: StatsChangedDocument,
} as const;

/** Bytes become the base64 the API takes; a string (data URL or base64) is sent as it is. */
const imageString = (image: Uint8Array | string) => (typeof image === "string" ? image : btoa(Array.from(image, (b) => String.fromCharCode(b)).join("")));

export interface DigitClient {
  /** Reads one drawing (PNG or JPEG bytes, a data URL or base64) and stores the prediction. */
  predict(image: Uint8Array | string): Promise<SdkPredictionFragment & { replaceToken: string }>;
  /** Reads several images, each on its own: one result per image, in order (at most 64). */
  predictMany(images: Array<Uint8Array | string>): Promise<PredictResult[]>;
  /** Says what a prediction's digit really was. */
  feedback(predictionId: string, trueLabel: number): Promise<SdkPredictionFragment>;
  /** Stored predictions, newest first; pass the last page's endCursor as `after` for the next. */
  history(options?: { first?: number; after?: string | null; filter?: HistoryFilter }): Promise<HistoryPage>;
  /** The statistics, all time or for a span of UTC hours, or for one model version. */
  stats(options?: { since?: Date; until?: Date; modelVersion?: string }): Promise<SdkStatsFragment>;
  /**
   * Follows a live event; resolves once the server has taken the subscription (so what happens
   * next is seen) with the function that stops it. Errors end the subscription and go to onError.
   */
  subscribe<E extends keyof DigitEvents>(event: E, onEvent: (value: DigitEvents[E]) => void, options?: { digit?: number; onError?: (error: DigitApiError) => void }): Promise<() => void>;
  /** Closes the live connection (if one was opened). */
  close(): Promise<void>;
}

/** A typed client for the digit recognizer's API. Every failure is thrown as a DigitApiError. */
export function createDigitClient(options: DigitClientOptions): DigitClient {
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const http = new Client({
    url: options.url,
    exchanges: [fetchExchange],
    // POST for queries too: Apollo's CSRF prevention refuses a GET without a preflight header.
    preferGetMethod: false,
    requestPolicy: "network-only",
    fetch: options.fetch,
    fetchOptions: () => ({ headers }),
  });
  let ws: WsClient | undefined;
  const socket = () =>
    (ws ??= createWsClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: options.webSocketImpl,
      connectionParams: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : undefined,
      retryAttempts: 5,
    }));

  const settle = <Data>(result: OperationResult<Data, AnyVariables>): Data => {
    if (result.error) throw fromCombinedError(result.error);
    if (!result.data) throw new DigitApiError("The API answered without data", "NO_DATA", undefined);
    return result.data;
  };
  const mutate = async <Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables) =>
    settle(await http.mutation(document, variables).toPromise());
  const query = async <Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables) =>
    settle(await http.query(document, variables).toPromise());

  return {
    async predict(image) {
      const { predictDrawing } = await mutate(PredictDocument, { image: imageString(image) });
      return { ...predictDrawing.prediction, replaceToken: predictDrawing.replaceToken };
    },
    async predictMany(images) {
      return (await mutate(PredictManyDocument, { images: images.map(imageString) })).predictDigitsEach;
    },
    async feedback(predictionId, trueLabel) {
      return (await mutate(FeedbackDocument, { predictionId, trueLabel })).submitFeedback;
    },
    async history({ first, after, filter } = {}) {
      return (await query(HistoryDocument, { first, after, filter })).history;
    },
    async stats({ since, until, modelVersion } = {}) {
      return (await query(StatsDocument, { since: since?.toISOString(), until: until?.toISOString(), modelVersion })).stats;
    },
    async subscribe(event, onEvent, { digit, onError } = {}) {
      const client = socket();
      const field = event as string;
      const stop = client.subscribe<Record<string, unknown>>(
        { query: print(EVENTS[event]), variables: digit === undefined ? {} : { digit } },
        {
          next: (result) => {
            if (result.errors?.length) {
              onError?.(fromGraphQLErrors(result.errors));
              return;
            }
            const value = result.data?.[field];
            if (value !== undefined && value !== null) onEvent(value as DigitEvents[typeof event]);
          },
          error: (error) => onError?.(liveConnectionFailed(error)),
          complete: () => {},
        },
      );
      // The server handles one socket's messages in order: once a later operation is answered,
      // the subscription is in place.
      await new Promise<void>((resolve, reject) => {
        client.subscribe({ query: "{ __typename }" }, { next: () => {}, error: (e) => reject(liveConnectionFailed(e)), complete: resolve });
      });
      return stop;
    },
    async close() {
      await ws?.dispose();
    },
  };
}
