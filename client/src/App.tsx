import type Konva from "konva";
import { useEffect, useReducer, useRef } from "react";
import { DrawPanel } from "./draw/DrawPanel.tsx";
import { drawingReducer, emptyDrawing } from "./draw/strokes.ts";
import { HistoryPanel } from "./history/HistoryPanel.tsx";
import { LiveFeed } from "./live/LiveFeed.tsx";
import { PredictionPanel } from "./prediction/PredictionPanel.tsx";
import { usePrediction } from "./prediction/usePrediction.ts";
import { StatsPanel } from "./stats/StatsPanel.tsx";

export function App() {
  const [drawing, dispatch] = useReducer(drawingReducer, emptyDrawing);
  const stageRef = useRef<Konva.Stage>(null);
  const { state, schedule, hold, reset, retry, giveFeedback } = usePrediction();

  // The prediction follows the finished drawing: every stroke end, undo or clear. No button.
  const { revision, blank, drawing: stroking } = drawing;
  useEffect(() => {
    if (stroking) hold();
  }, [stroking, hold]);
  useEffect(() => {
    if (revision === 0) return;
    if (blank) return reset();
    // Read the image when the request leaves (after the debounce), from what is on screen then.
    schedule(() => stageRef.current?.toDataURL({ mimeType: "image/png", pixelRatio: 1 }) ?? "");
  }, [revision, blank, schedule, reset]);

  return (
    <>
      <header className="app-header">
        <h1>Digit recognizer</h1>
        <p>
          Draw a digit from 0 to 9. A small neural network reads it as you draw. <a href="#/review">Review labels</a>
        </p>
      </header>
      <main className="layout">
        <DrawPanel drawing={drawing} dispatch={dispatch} stageRef={stageRef} />
        <PredictionPanel state={state} onAnswer={giveFeedback} onRetry={retry} />
        <LiveFeed />
        <HistoryPanel />
        <StatsPanel />
      </main>
    </>
  );
}
