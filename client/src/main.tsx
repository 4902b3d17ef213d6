import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { Provider } from "urql";
import { App } from "./App.tsx";
import { client } from "./api/client.ts";
import { ReviewPage } from "./review/ReviewPage.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

/** Two pages, chosen by the URL's hash: the app, and the reviewers' queue at #/review. */
function Pages() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const onChange = () => setHash(location.hash);
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  if (hash !== "#/review") return <App />;
  return (
    <>
      <header className="app-header">
        <h1>Digit recognizer</h1>
        <p>
          <a href="#/">Back to drawing</a>
        </p>
      </header>
      <main className="review-layout">
        <ReviewPage />
      </main>
    </>
  );
}

createRoot(root).render(
  <StrictMode>
    <Provider value={client}>
      <Pages />
    </Provider>
  </StrictMode>,
);
