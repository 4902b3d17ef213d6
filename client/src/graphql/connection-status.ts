import { useSyncExternalStore } from "react";
import { wsClient } from "./client.ts";

export type ConnectionStatus = "connecting" | "live" | "offline";

// graphql-ws reports socket events; this keeps the latest so the live panel can say if it is live.
let status: ConnectionStatus = "connecting";
const listeners = new Set<() => void>();
const set = (next: ConnectionStatus) => {
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
};
wsClient.on("connecting", () => set("connecting"));
wsClient.on("connected", () => set("live"));
wsClient.on("closed", () => set("offline"));

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useConnectionStatus = () => useSyncExternalStore(subscribe, () => status);
