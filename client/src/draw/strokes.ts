/** One stroke as flat [x0, y0, x1, y1, ...] in fractions of the canvas side, so resizing keeps it. */
export interface Stroke {
  points: number[];
}

export interface Drawing {
  strokes: Stroke[];
  /** True between pointer down and up: the last stroke is still growing. */
  drawing: boolean;
  /** Bumped whenever the finished drawing changes (stroke end, undo, clear): what triggers a prediction. */
  revision: number;
  /** Whether the drawing had no ink at that revision (changes only together with revision). */
  blank: boolean;
}

export type DrawingAction =
  | { type: "begin"; x: number; y: number }
  | { type: "extend"; points: number[] }
  | { type: "end" }
  | { type: "undo" }
  | { type: "clear" };

export const emptyDrawing: Drawing = { strokes: [], drawing: false, revision: 0, blank: true };

export function drawingReducer(state: Drawing, action: DrawingAction): Drawing {
  switch (action.type) {
    case "begin":
      return { ...state, strokes: [...state.strokes, { points: [action.x, action.y] }], drawing: true };
    case "extend": {
      const last = state.strokes.at(-1);
      if (!state.drawing || !last) return state;
      return { ...state, strokes: [...state.strokes.slice(0, -1), { points: [...last.points, ...action.points] }] };
    }
    case "end":
      return state.drawing ? { ...state, drawing: false, revision: state.revision + 1, blank: false } : state;
    case "undo":
      if (state.drawing || state.strokes.length === 0) return state;
      return { strokes: state.strokes.slice(0, -1), drawing: false, revision: state.revision + 1, blank: state.strokes.length === 1 };
    case "clear":
      // Clearing an empty canvas still bumps the revision, so a pending prediction is dropped.
      return { strokes: [], drawing: false, revision: state.revision + 1, blank: true };
  }
}
