/** A control bound to a row of the action table: enabled state (live), tooltip, and run. */
import { useSyncExternalStore } from 'react';
import type { ActionId } from '../../core/ui/actions';
import { actionSpec } from '../../core/ui/actions';
import { actionTooltip, formatKey, keysOf } from '../../core/ui/keys';
import { editorStore } from '../store/editorStore';
import { runStore } from '../training/runStore';
import { uiStore } from '../store/uiStore';
import { IS_MAC } from '../shell/platform';
import { isEnabled, runAction, type ActionTarget } from './bindings';

function subscribeAll(cb: () => void): () => void {
  const offs = [editorStore.subscribe(cb), runStore.subscribe(cb), uiStore.subscribe(cb)];
  return () => offs.forEach((off) => off());
}

/** Is the action enabled right now? Re-renders when the stores it reads change. */
export function useActionEnabled(id: ActionId, target: ActionTarget = {}): boolean {
  return useSyncExternalStore(subscribeAll, () => isEnabled(id, target));
}

/** `Undo (Ctrl+Z)`. */
export function tip(id: ActionId, label?: string): string {
  return actionTooltip(id, IS_MAC, label);
}

/** The action's first key as this platform writes it (`Ctrl+Enter`), or '' when it has none. */
export function keyOf(id: ActionId): string {
  const [k] = keysOf(actionSpec(id), IS_MAC);
  return k ? formatKey(k, IS_MAC) : '';
}

export { runAction };
