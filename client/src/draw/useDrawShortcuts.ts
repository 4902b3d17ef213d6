import { useEffect } from "react";

const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color"]);

/** Fields where these keys already mean something (typing, undoing text, closing a list). */
function ownsKeys(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.closest("textarea, select, [contenteditable]") !== null;
}

/** Ctrl/Cmd+Z undoes a stroke; Escape or Delete clears. Not while a text field or list has the keys. */
export function useDrawShortcuts(onUndo: () => void, onClear: () => void) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (ownsKeys(event.target)) return;
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z") {
        event.preventDefault();
        onUndo();
      } else if ((event.key === "Escape" || event.key === "Delete") && !event.ctrlKey && !event.metaKey && !event.altKey) {
        onClear();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [onUndo, onClear]);
}
