import { describe, expect, it } from 'vitest';
import { copySelection } from '../../renderer/store/clipboard';
import { planPaste } from '../../renderer/store/insertion';
import { applyCommand } from '../../renderer/store/commands';
import { chain } from './fixtures';

describe('clipboard', () => {
  it('copies inner edges only and pastes with fresh ids', () => {
    const doc = chain();
    const clip = copySelection(doc, ['n2', 'n3'])!;
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    const { cmd, nodeIds } = planPaste(doc, clip, { at: { x: 1000, y: 500 } });
    expect(nodeIds).toEqual(['n4', 'n5']);
    const out = applyCommand(doc, cmd);
    expect(out.nodes).toHaveLength(5);
    const pasted = out.edges.at(-1)!;
    expect(pasted).toMatchObject({ id: 'e3', from: { node: 'n4' }, to: { node: 'n5' } });
    // The clip keeps its shape, its top-left at the pointer.
    expect(out.nodes[3].position).toEqual({ x: 1000, y: 500 });
    expect(out.nodes[4].position).toEqual({ x: 1200, y: 500 });
  });

  it('copying nothing gives no clip', () => {
    expect(copySelection(chain(), [])).toBeNull();
  });
});

describe('clipboard text', async () => {
  const { clipToText, clipFromText } = await import('../../renderer/store/clipboard');
  it('round-trips through text and ignores foreign text', () => {
    const clip = copySelection(chain(), ['n2', 'n3'])!;
    expect(clipFromText(clipToText(clip))).toEqual(clip);
    expect(clipFromText('hello')).toBeNull();
    expect(clipFromText('{"wiregrad/layers": 1, "nodes": 3}')).toBeNull();
  });
});
