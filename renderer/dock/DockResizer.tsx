/**
 * Drag (or arrow keys) to resize the dock; dragged below its smallest size it shrinks to its
 * tab strip, and dragged up from there it opens again. The height is UI state, remembered
 * for the session.
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface Props {
  height: number;
  /** Shrunk to the tab strip. */
  collapsed: boolean;
  onResize(height: number): void;
  onCollapse(collapsed: boolean): void;
}

export const DOCK_MIN = 160;
const TAB_STRIP = 35;
/** Dragged this far below its smallest size, the dock shrinks to its tabs. */
const COLLAPSE_BELOW = DOCK_MIN - 70;
export const dockMax = () => Math.max(DOCK_MIN, window.innerHeight - 220);

export function DockResizer({ height, collapsed, onResize, onCollapse }: Props) {
  const start = useRef<{ y: number; h: number } | null>(null);
  const clamp = (h: number) => Math.round(Math.min(dockMax(), Math.max(DOCK_MIN, h)));
  const resize = (h: number) => {
    if (h < COLLAPSE_BELOW) {
      if (!collapsed) onCollapse(true);
      return;
    }
    if (collapsed) onCollapse(false);
    onResize(clamp(h));
  };
  return (
    <div
      className="wg-dock__resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize dock"
      aria-valuenow={collapsed ? TAB_STRIP : height}
      aria-valuemin={DOCK_MIN}
      aria-valuemax={dockMax()}
      tabIndex={0}
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        start.current = { y: e.clientY, h: collapsed ? TAB_STRIP : height };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (start.current) resize(start.current.h + start.current.y - e.clientY);
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'ArrowUp') resize(collapsed ? DOCK_MIN : height + 24);
        else if (e.key === 'ArrowDown') resize(height <= DOCK_MIN ? 0 : height - 24);
        else return;
        e.preventDefault();
      }}
    />
  );
}
