// GraphiQL 5, bundled: monaco's workers come from this build (no CDN), see vite.ide.config.ts.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { createClient } from "graphql-ws";
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { exampleTabs } from "./examples.ts";

// Same origin as the page: POST /graphql for queries and mutations (JSON, which Apollo's CSRF
// prevention accepts), graphql-ws on ws(s)://<host>/graphql for subscriptions.
const httpUrl = new URL("/graphql", window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, "ws");

const baseFetcher = createGraphiQLFetcher({
  url: httpUrl,
  // Apollo Server answers plain JSON (no @defer with graphql 16): skip the multipart reader.
  enableIncrementalDelivery: false,
  wsClient: createClient({ url: wsUrl, lazy: true, retryAttempts: 3 }),
});

/**
 * GraphiQL re-parses the editor 100 ms after each change (debounced), so running right after
 * switching tabs or typing sends the previous tab's operation name and document: a subscription
 * then goes over HTTP, or a query fails with "Unknown operation named ...". Parse what is
 * actually sent: with one operation in it, its own name and type decide.
 */
const fetcher: Fetcher = (params, opts) => {
  let document: DocumentNode;
  try {
    document = parse(params.query);
  } catch {
    return baseFetcher(params, opts); // let the server report the syntax error
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const single = operations.length === 1 ? operations[0] : undefined;
  return baseFetcher(
    single ? { ...params, operationName: single.name?.value ?? null } : params,
    { ...opts, documentAST: document },
  );
};

const resetFlag = "digits-ide:reset-to-examples";

/**
 * GraphiQL keeps the user's tabs in localStorage; this brings the example tabs back. The old
 * page may still write its tabs (GraphiQL saves them debounced) after they are removed, so the
 * removal happens on the reloaded page, before GraphiQL reads them.
 */
function resetToExamples() {
  if (!window.confirm("Replace the open tabs with the example operations?")) return;
  window.sessionStorage.setItem(resetFlag, "1");
  window.location.reload();
}

function forgetTabsIfAsked() {
  if (window.sessionStorage.getItem(resetFlag) === null) return;
  window.sessionStorage.removeItem(resetFlag);
  for (const key of ["tabState", "query", "variables", "headers"]) window.localStorage.removeItem(`graphiql:${key}`);
}

/**
 * GraphiQL takes the first tab's query from defaultTabs but its variables only from storage, so a
 * first visitor's PredictDigit would run without its image. With no tabs stored (a first visit,
 * or after "examples"), hand it the first example's variables; otherwise leave the stored ones.
 */
const firstTabVariables = () => (window.localStorage.getItem("graphiql:tabState") === null ? (exampleTabs[0]?.variables ?? undefined) : undefined);

function Ide() {
  // Read once, at the first render: GraphiQL writes its tab state soon after.
  const [initialVariables] = useState(firstTabVariables);
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={exampleTabs}
      initialVariables={initialVariables}
      defaultEditorToolsVisibility="variables"
    >
      <GraphiQL.Logo>
        <span className="ide-logo">
          Digit recognizer
          <button type="button" className="ide-reset" onClick={resetToExamples} title="Open the example operations again">
            examples
          </button>
        </span>
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

forgetTabsIfAsked();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Ide />
  </StrictMode>,
);
