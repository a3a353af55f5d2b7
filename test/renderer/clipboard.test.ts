import { describe, expect, it } from 'vitest';
import { copySelection, pasteClip } from '../../renderer/store/clipboard';
import { applyCommand } from '../../renderer/store/commands';
import { chain } from './fixtures';

describe('clipboard', () => {
  it('copies inner edges only and pastes with fresh ids', () => {
    const doc = chain();
    const clip = copySelection(doc, ['n2', 'n3'])!;
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
    const { cmd, nodeIds } = pasteClip(doc, clip, { x: 40, y: 40 });
    expect(nodeIds).toEqual(['n4', 'n5']);
    const out = applyCommand(doc, cmd);
    expect(out.nodes).toHaveLength(5);
    const pasted = out.edges.at(-1)!;
    expect(pasted).toMatchObject({ id: 'e3', from: { node: 'n4' }, to: { node: 'n5' } });
    expect(out.nodes[3].position).toEqual({ x: 240, y: 40 });
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
