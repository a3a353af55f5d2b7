/**
 * A block's signature edits (issue #8): rename, remove and add pins, as pure transforms of a
 * definition (the editor wraps them in setBlock commands, tests call them directly). The
 * wires at the block's instances follow the new signature in ./followPins.ts.
 */
import type { BlockDef, BlockPin, PortRef } from '../graph/document';
import { inputPorts } from '../layers/ports';
import { BlockEditError } from './edit';
import { resolveLayer, type Blocks } from './resolve';

export type PinSide = 'in' | 'out';

/** Pin names become port names, PyTorch forward() arguments and handle ids: a plain identifier keeps them usable everywhere. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const PIN_SIDE_WORD: Record<PinSide, string> = { in: 'input', out: 'output' };

export const pinsOf = (def: BlockDef, side: PinSide): BlockPin[] => (side === 'in' ? def.inputs : def.outputs);
const withPins = (def: BlockDef, side: PinSide, pins: BlockPin[]): BlockDef => (side === 'in' ? { ...def, inputs: pins } : { ...def, outputs: pins });
const hasPin = (def: BlockDef, side: PinSide, name: string) => pinsOf(def, side).some((p) => p.name === name);

/** Why `name` cannot name a pin on `side` (null: it can). `renaming` is the pin's current name: keeping it is fine. */
export function pinNameProblem(def: BlockDef, side: PinSide, name: string, renaming?: string): string | null {
  if (!name) return 'A pin needs a name';
  if (!IDENTIFIER.test(name)) return 'A pin name is a word of letters, digits and _, like in2';
  if (name !== renaming && hasPin(def, side, name)) return `There is already an ${PIN_SIDE_WORD[side]} pin called ${name}`;
  return null;
}

function requireName(def: BlockDef, side: PinSide, name: string, renaming?: string): void {
  const problem = pinNameProblem(def, side, name, renaming);
  if (problem) throw new BlockEditError('BLOCK_PIN_NAME', problem);
}

function requirePin(def: BlockDef, side: PinSide, name: string): void {
  if (!hasPin(def, side, name)) throw new BlockEditError('BLOCK_PIN', `The block has no ${PIN_SIDE_WORD[side]} pin called ${name}`);
}

/** Every entry of the pin (an input fanning out to several inner ports has several) takes the new name. */
export function renamePin(def: BlockDef, side: PinSide, from: string, to: string): BlockDef {
  requirePin(def, side, from);
  if (from === to) return def;
  requireName(def, side, to, from);
  return withPins(def, side, pinsOf(def, side).map((p) => (p.name === from ? { ...p, name: to } : p)));
}

export function removePin(def: BlockDef, side: PinSide, name: string): BlockDef {
  requirePin(def, side, name);
  // An instance with no output computes nothing anyone can read; the document validator refuses it too.
  if (side === 'out' && def.outputs.every((p) => p.name === name)) {
    throw new BlockEditError('BLOCK_PIN_LAST', `A block needs at least one output: add another output pin before removing ${name}`);
  }
  return withPins(def, side, pinsOf(def, side).filter((p) => p.name !== name));
}

/**
 * A new pin for inner `node`'s `port`. An input port that already has an inner wire or a pin
 * is refused, not taken over: adding a pin changes the block's signature, and quietly cutting
 * a wire would also change what the block computes. Dragging from a pin onto that port does
 * replace it (the canvas's pinWireCommand), where the user sees the wire go.
 */
export function addPin(def: BlockDef, side: PinSide, name: string, node: string, port: string): BlockDef {
  requireName(def, side, name);
  if (!def.nodes.some((n) => n.id === node)) throw new BlockEditError('BLOCK_PIN', `The block has no node ${node}`);
  const at = (p: PortRef) => p.node === node && p.port === port;
  if (side === 'in' && (def.edges.some((e) => at(e.to)) || def.inputs.some(at))) {
    throw new BlockEditError('BLOCK_PIN_TAKEN', `${node} · ${port} is already fed inside the block; drag from a pin onto it to replace that wire`);
  }
  // Two output pins for one inner output would be the same pin twice (and make renames ambiguous).
  const same = side === 'out' ? def.outputs.find(at) : undefined;
  if (same) throw new BlockEditError('BLOCK_PIN_TAKEN', `${node} · ${port} already leaves the block as ${same.name}`);
  return withPins(def, side, [...pinsOf(def, side), { name, node, port }]);
}

/** The first free name of `in`, `in2`, `in3`, ... (or `out`, ...), the default of a new pin. */
export function freshPinName(def: BlockDef, side: PinSide): string {
  for (let k = 1; ; k++) {
    const name = k === 1 ? side : `${side}${k}`;
    if (!hasPin(def, side, name)) return name;
  }
}

/**
 * The inner ports a new pin can stand for: inputs nothing feeds yet (no wire, no pin), and
 * outputs that are not a pin already. `blocks` resolves inner instances of other blocks.
 */
export function pinCandidates(def: BlockDef, side: PinSide, blocks: Blocks | undefined): PortRef[] {
  const out: PortRef[] = [];
  for (const n of def.nodes) {
    const layer = resolveLayer({ blocks }, n.type);
    if (!layer) continue;
    const ports = side === 'in' ? inputPorts(layer, n.params) : layer.outputs;
    for (const { name: port } of ports) {
      const at = (p: PortRef) => p.node === n.id && p.port === port;
      const taken = side === 'in' ? def.edges.some((e) => at(e.to)) || def.inputs.some(at) : def.outputs.some(at);
      if (!taken) out.push({ node: n.id, port });
    }
  }
  return out;
}
