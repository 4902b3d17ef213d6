import react from "@vitejs/plugin-react";
import { defineConfig, type ProxyOptions } from "vite";
import { precompress } from "./precompress.ts";

// The API serves this build at / on its own port; in `vite dev` the same paths go to it by proxy.
const api = process.env.API_ORIGIN ?? "http://localhost:4000";

/**
 * The API opens WebSockets only for its own origin (its CSRF protection), and a page from this dev
 * server has this server's origin: such sockets are passed on as the API's own. Any other origin
 * is passed on unchanged, for the API to refuse.
 */
const wsAsApiOrigin: ProxyOptions["configure"] = (proxy) => {
  proxy.on("proxyReqWs", (proxyReq, req) => {
    const { origin, host } = req.headers;
    if (!origin || !host) return;
    try {
      if (new URL(origin).host === host) proxyReq.setHeader("origin", new URL(api).origin);
    } catch {
      // "null" or another non-URL origin: left for the API to refuse
    }
  });
};

export default defineConfig({
  base: "/",
  plugins: [react(), precompress()],
  // Only this app's entry: the IDE's ide/index.html (built by vite.ide.config.ts) pulls in GraphiQL's
  // ?worker imports, which the dev pre-bundler cannot load.
  optimizeDeps: { entries: ["index.html"] },
  server: {
    proxy: {
      "/graphql": { target: api, ws: true, changeOrigin: true, configure: wsAsApiOrigin },
      "/predictions": { target: api, changeOrigin: true },
    },
  },
  // react-dom, react-konva's reconciler and Konva's core together pass Vite's default 500 kB chunk
  // warning, and all of them are needed for the first paint (the canvas): there is nothing worth
  // splitting off, so the warning limit sits just above them.
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 600 },
});
