interface Props {
  canUndo: boolean;
  onUndo(): void;
  onClear(): void;
}

/** Undo and Clear; Clear stays enabled so it always answers (it is a no-op on an empty canvas). */
export function Toolbar({ canUndo, onUndo, onClear }: Props) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Drawing tools">
      <button type="button" onClick={onUndo} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z" title="Undo (Ctrl/Cmd+Z)">
        Undo
      </button>
      <button type="button" onClick={onClear} aria-keyshortcuts="Escape Delete" title="Clear (Esc or Delete)">
        Clear
      </button>
    </div>
  );
}
