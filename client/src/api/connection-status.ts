import { useEffect, useRef, useSyncExternalStore } from "react";
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
// Events sent while the socket was down are lost: views that follow them catch up on reconnecting.
const reconnectListeners = new Set<() => void>();
let connectedBefore = false;
wsClient.on("connected", () => {
  set("live");
  if (connectedBefore) for (const listener of reconnectListeners) listener();
  connectedBefore = true;
});
wsClient.on("closed", () => set("offline"));

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const useConnectionStatus = () => useSyncExternalStore(subscribe, () => status);

/** Calls `onReconnect` each time the socket is back after a drop (not on the first connection). */
export function useOnReconnect(onReconnect: () => void): void {
  const latest = useRef(onReconnect);
  useEffect(() => {
    latest.current = onReconnect;
  });
  useEffect(() => {
    const listener = () => latest.current();
    reconnectListeners.add(listener);
    return () => {
      reconnectListeners.delete(listener);
    };
  }, []);
}
