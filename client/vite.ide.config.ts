import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./precompress.ts";

// The GraphQL IDE (GraphiQL 5), built apart from the app. The API serves its index.html at
// /playground and at GET /graphql (browsers), and these files under /ide/: so `base` is the
// absolute "/ide/" (a relative "./assets/..." would resolve to /assets/... from /graphql).
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("./ide"),
  base: "/ide/",
  plugins: [react(), precompress()],
  // Monaco's workers are bundled as ES module workers, also under /ide/assets/.
  worker: { format: "es" },
  build: {
    outDir: here("./dist-ide"),
    emptyOutDir: true,
    // Monaco alone is a few MB; it loads once and is cached.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      // GraphiQL's react-compiler output starts modules with "use no memo": harmless, but noisy.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
