/** A problem popover is placed on the side of its node that is inside the canvas and clear of the minimap and the zoom controls. */
import { describe, expect, it } from 'vitest';
import { placePopover } from '../../renderer/canvas/popoverPlacement';
import { intersects, type Rect } from '../../renderer/canvas/fit';

const area = { width: 800, height: 500 };
const size = { width: 280, height: 120 };
// React Flow's default corners: zoom controls bottom left, minimap bottom right.
const controls: Rect = { x: 15, y: 375, width: 26, height: 110 };
const minimap: Rect = { x: 617, y: 375, width: 168, height: 110 };
const boxOf = (p: { x: number; y: number }): Rect => ({ ...p, ...size });

describe('problem popover placement', () => {
  it('goes above a node in a left-to-right chain when there is room', () => {
    const p = placePopover({ x: 300, y: 250, width: 190, height: 80 }, size, area, [controls, minimap]);
    expect(p).toEqual({ side: 'above', x: 300, y: 250 - 8 - 120 });
  });

  it('never lands on the minimap: a node in the bottom-right corner gets it on its left, clear of it', () => {
    const node = { x: 600, y: 400, width: 190, height: 80 };
    const p = placePopover(node, size, area, [controls, minimap]);
    expect(intersects(boxOf(p), minimap)).toBe(false);
    expect(intersects(boxOf(p), controls)).toBe(false);
    expect(p.x).toBeGreaterThanOrEqual(0);
    expect(p.y + size.height).toBeLessThanOrEqual(area.height);
  });

  it('a node at the top edge gets it below, slid inside the canvas', () => {
    const p = placePopover({ x: 700, y: 10, width: 190, height: 80 }, size, area, [minimap]);
    expect(p.side).toBe('below');
    expect(p.x + size.width).toBeLessThanOrEqual(area.width);
  });

  it('avoids covering other nodes when a side is free of them', () => {
    const node = { x: 300, y: 250, width: 190, height: 80 };
    const above = { x: 300, y: 130, width: 190, height: 80 };
    const p = placePopover(node, size, area, [], [above]);
    expect(p.side).not.toBe('above');
    expect(intersects(boxOf(p), above)).toBe(false);
  });

  it('top to bottom prefers the right-hand side', () => {
    expect(placePopover({ x: 100, y: 100, width: 190, height: 80 }, size, area, [], [], 'right').side).toBe('right');
  });
});
