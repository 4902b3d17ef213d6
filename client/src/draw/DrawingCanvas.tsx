import type Konva from "konva";
import { useRef, type RefObject } from "react";
// The core build plus the three shapes used: the full "react-konva" pulls in every Konva shape and filter.
import "konva/lib/shapes/Circle";
import "konva/lib/shapes/Line";
import "konva/lib/shapes/Rect";
import { Circle, Layer, Line, Rect, Stage } from "react-konva/lib/ReactKonvaCore";
import type { DrawingAction, Stroke } from "./strokes.ts";
import { usePointerStrokes } from "./usePointerStrokes.ts";
import { useSquareSize } from "./useSquareSize.ts";

const MAX_SIDE = 360;
/**
 * Stroke width as a fraction of the side. The server crops to the ink and scales it to 20 px, so a
 * digit drawn across most of the canvas at 1/11 ends up ~2 px thick, like MNIST's pen.
 */
const STROKE = 1 / 11;

interface Props {
  strokes: Stroke[];
  dispatch: (action: DrawingAction) => void;
  stageRef: RefObject<Konva.Stage | null>;
}

/** Black ink on a white square, drawn in unit coordinates and scaled to the on-screen size. */
export function DrawingCanvas({ strokes, dispatch, stageRef }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const size = useSquareSize(frame, MAX_SIDE);
  const pointer = usePointerStrokes(dispatch);
  return (
    <div className="canvas-frame" ref={frame}>
      <div
        className="canvas"
        data-testid="draw-canvas"
        role="img"
        aria-label="Drawing area: draw one digit with mouse, pen or finger"
        style={{ width: size, height: size }}
        {...pointer}
      >
        <Stage ref={stageRef} width={size} height={size}>
          <Layer scaleX={size} scaleY={size} listening={false}>
            {/* A real white background, so the exported PNG is black on white rather than transparent. */}
            <Rect x={0} y={0} width={1} height={1} fill="#fff" />
            {strokes.map((stroke, index) =>
              stroke.points.length === 2 ? (
                <Circle key={index} x={stroke.points[0]} y={stroke.points[1]} radius={STROKE / 2} fill="#000" />
              ) : (
                <Line key={index} points={stroke.points} stroke="#000" strokeWidth={STROKE} lineCap="round" lineJoin="round" tension={0.4} />
              ),
            )}
          </Layer>
        </Stage>
      </div>
    </div>
  );
}
