/**
 * Right-click menus on the canvas, a layer, a wire and a selection. Their items are the
 * action table's rows for that context (bindings.ts contextActions), so a new action (Make
 * Block) joins every menu it belongs to by adding one row; labels, keys and enabled state
 * come from the same place as the keyboard's and the native menu's.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { actionSpec } from '../../core/ui/actions';
import { formatKey, keysOf } from '../../core/ui/keys';
import { useStore } from '../store/createStore';
import { ui, uiStore, type ContextMenuRequest } from '../store/uiStore';
import { contextActions, isEnabled, runAction, type ActionTarget } from '../actions/bindings';
import { IS_MAC } from '../shell/platform';
import { canvas } from './controller';

const TITLES = { canvas: 'Canvas', node: 'Layer', edge: 'Wire', selection: 'Selection', pin: 'Pin' } as const;

export function ContextMenu() {
  const req = useStore(uiStore, (s) => s.contextMenu);
  return req ? <ContextMenuBody key={`${req.screen.x},${req.screen.y},${req.context}`} req={req} /> : null;
}

function ContextMenuBody({ req }: { req: ContextMenuRequest }) {
  const root = useRef<HTMLDivElement>(null);
  const ids = contextActions(req.context);
  const target: ActionTarget = { at: req.at, screen: req.screen, nodeId: req.nodeId, edgeId: req.edgeId };
  const enabled = ids.map((id) => isEnabled(id, target));
  const [active, setActive] = useState(() => enabled.indexOf(true));

  useEffect(() => {
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) ui.closeContextMenu();
    };
    const scroll = () => ui.closeContextMenu();
    document.addEventListener('pointerdown', away, true);
    window.addEventListener('wheel', scroll, { passive: true });
    return () => {
      document.removeEventListener('pointerdown', away, true);
      window.removeEventListener('wheel', scroll);
    };
  }, []);
  useEffect(() => {
    root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);

  const run = (i: number) => {
    if (!enabled[i]) return;
    ui.closeContextMenu();
    runAction(ids[i], target);
  };
  const onKey = (e: KeyboardEvent) => {
    const step = (d: number) => {
      for (let k = 1; k <= ids.length; k++) {
        const j = (active + d * k + ids.length) % ids.length;
        if (enabled[j]) return setActive(j);
      }
    };
    if (e.key === 'ArrowDown') step(1);
    else if (e.key === 'ArrowUp') step(-1);
    else if (e.key === 'Enter' || e.key === ' ') run(active);
    else if (e.key === 'Escape') {
      ui.closeContextMenu();
      canvas()?.focus(req.nodeId);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const left = Math.min(req.screen.x, window.innerWidth - 240);
  const top = Math.min(req.screen.y, window.innerHeight - 40 - ids.length * 30);
  return (
    <div ref={root} className="wg-menu" role="menu" aria-label={`${TITLES[req.context]} actions`} style={{ left, top }} onKeyDown={onKey} onContextMenu={(e) => e.preventDefault()}>
      {ids.map((id, i) => {
        const spec = actionSpec(id);
        const [key] = keysOf(spec, IS_MAC);
        return (
          <button
            key={id}
            type="button"
            role="menuitem"
            className="wg-menu__item"
            aria-disabled={!enabled[i]}
            tabIndex={i === active ? 0 : -1}
            title={spec.hint}
            onClick={() => run(i)}
            onPointerEnter={() => enabled[i] && setActive(i)}
          >
            <span>{spec.label}</span>
            {key ? <kbd>{formatKey(key, IS_MAC)}</kbd> : null}
          </button>
        );
      })}
    </div>
  );
}
