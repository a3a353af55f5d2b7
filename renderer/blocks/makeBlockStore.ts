/** The Make block prompt: which layers, the proposed name and which inner parameters to expose. */
import { freshBlockName, suggestExposed } from '../../core/blocks/edit';
import type { ParamBinding } from '../../core/graph/document';
import { createStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { layerDef } from '../store/layerLookup';

export interface ExposeChoice extends ParamBinding {
  /** `conv1.out_channels`, what the checkbox says. */
  label: string;
  checked: boolean;
}

export interface MakeBlockPrompt {
  nodeIds: string[];
  name: string;
  choices: ExposeChoice[];
}

export const makeBlockStore = createStore<MakeBlockPrompt | null>(null);

/** Opens the prompt for the selection: every inner parameter is offered, the ones PyTorch makes you spell are ticked. */
export function askMakeBlock(nodeIds: string[]): void {
  const { doc } = editorStore.get();
  const suggested = suggestExposed(doc, nodeIds);
  const choices: ExposeChoice[] = [];
  for (const id of nodeIds) {
    const n = doc.nodes.find((x) => x.id === id);
    for (const spec of (n && layerDef(n.type, doc)?.params) ?? []) {
      choices.push({ node: id, param: spec.name, label: `${n!.label ?? id}.${spec.name}`, checked: suggested.some((b) => b.node === id && b.param === spec.name) });
    }
  }
  makeBlockStore.set({ nodeIds, name: freshBlockName(doc), choices });
}
