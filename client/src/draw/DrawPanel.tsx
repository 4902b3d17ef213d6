import type Konva from "konva";
import type { RefObject } from "react";
import { DrawingCanvas } from "./DrawingCanvas.tsx";
import type { Drawing, DrawingAction } from "./strokes.ts";
import { Toolbar } from "./Toolbar.tsx";
import { useDrawShortcuts } from "./useDrawShortcuts.ts";

interface Props {
  drawing: Drawing;
  dispatch: (action: DrawingAction) => void;
  stageRef: RefObject<Konva.Stage | null>;
}

/** The canvas with its tools and keyboard shortcuts. */
export function DrawPanel({ drawing, dispatch, stageRef }: Props) {
  const undo = () => dispatch({ type: "undo" });
  const clear = () => dispatch({ type: "clear" });
  useDrawShortcuts(undo, clear);
  return (
    <section className="panel draw" aria-labelledby="draw-heading">
      <h2 id="draw-heading">Draw a digit</h2>
      <DrawingCanvas strokes={drawing.strokes} dispatch={dispatch} stageRef={stageRef} />
      <Toolbar canUndo={drawing.strokes.length > 0 && !drawing.drawing} onUndo={undo} onClear={clear} />
    </section>
  );
}
