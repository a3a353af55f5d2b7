/** Drag (or arrow keys) to resize the dock; the height is UI state, remembered for the session. */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface Props {
  height: number;
  onResize(height: number): void;
}

export const DOCK_MIN = 160;
export const dockMax = () => Math.max(DOCK_MIN, window.innerHeight - 220);

export function DockResizer({ height, onResize }: Props) {
  const start = useRef<{ y: number; h: number } | null>(null);
  const clamp = (h: number) => Math.round(Math.min(dockMax(), Math.max(DOCK_MIN, h)));
  return (
    <div
      className="wg-dock__resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize dock"
      aria-valuenow={height}
      aria-valuemin={DOCK_MIN}
      aria-valuemax={dockMax()}
      tabIndex={0}
      onPointerDown={(e: PointerEvent<HTMLDivElement>) => {
        start.current = { y: e.clientY, h: height };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (start.current) onResize(clamp(start.current.h + start.current.y - e.clientY));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'ArrowUp') onResize(clamp(height + 24));
        else if (e.key === 'ArrowDown') onResize(clamp(height - 24));
        else return;
        e.preventDefault();
      }}
    />
  );
}
