/**
 * The layer search on the canvas (ComfyUI's double-click search): opened by a double-click
 * on empty canvas, a wire dropped on it, or Add/Insert Layer… It lists only layers that fit
 * (a wire from labels offers losses), accepts PyTorch spelling with arguments
 * (`Conv2d(32, 64, 3, padding=1)`), and adds the chosen layer there, wired, in one step.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Position, ProjectDocument } from '../../core/graph/document';
import type { LayerDef } from '../../core/layers/types';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { ui, uiStore, type QuickAddRequest } from '../store/uiStore';
import { settingsStore } from '../store/settings';
import { acceptsFrom, feeds, mainInput, mainOutput } from '../store/insertion';
import { filterLayers, paletteCatalog } from '../palette/paletteModel';
import { paramsFromCall, parseQuery } from '../palette/layerQuery';
import { addLayer } from '../actions/edit';
import { canvas } from './controller';
import { estimateNodeSize } from './nodeSize';

function fits(doc: ProjectDocument, req: QuickAddRequest, def: LayerDef): boolean {
  if (req.from) return acceptsFrom(doc, req.from, def.type);
  if (req.to) return feeds(doc, req.to, def.type);
  if (req.intoEdge) return !!mainInput(def.type) && !!mainOutput(def.type);
  return true;
}

/** Where the new layer's top-left goes so that the port the wire attaches to sits at the drop point. */
function placeAt(req: QuickAddRequest, type: string): Position | undefined {
  const p = req.at;
  if (!p) return undefined;
  const lr = settingsStore.get().layoutDirection === 'LR';
  const { width, height } = estimateNodeSize({ type }, lr ? 'LR' : 'TB');
  if (req.from) return lr ? { x: p.x + 16, y: p.y - height / 2 } : { x: p.x - width / 2, y: p.y + 16 };
  if (req.to) return lr ? { x: p.x - width - 16, y: p.y - height / 2 } : { x: p.x - width / 2, y: p.y - height - 16 };
  // A double-click: the header (where the eye is) under the pointer.
  return { x: p.x - width / 2, y: p.y - 18 };
}

export function QuickAdd() {
  const req = useStore(uiStore, (s) => s.quickAdd);
  return req ? <QuickAddBody key={`${req.screen.x},${req.screen.y},${req.intoEdge ?? ''}`} req={req} /> : null;
}

function QuickAddBody({ req }: { req: QuickAddRequest }) {
  const doc = useStore(editorStore, (s) => s.doc);
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const query = parseQuery(text);
  const items = useMemo(() => {
    const all = filterLayers(paletteCatalog(doc), query.name).filter((d) => fits(doc, req, d));
    // `Linear(…)` names one layer: put the exact match first even when a prefix ranks others equal.
    const exact = all.findIndex((d) => d.type.toLowerCase() === query.name.toLowerCase());
    return exact > 0 ? [all[exact], ...all.slice(0, exact), ...all.slice(exact + 1)] : all;
  }, [doc, req, query.name]);
  const current = items[Math.min(active, items.length - 1)];
  const call = current && query.args !== undefined ? paramsFromCall(current, query.args) : null;

  useEffect(() => {
    input.current?.focus();
  }, []);
  useEffect(() => setActive(0), [text]);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) ui.closeQuickAdd();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, []);

  const close = () => {
    ui.closeQuickAdd();
    canvas()?.focus();
  };
  const choose = (def: LayerDef | undefined) => {
    if (!def) return;
    const params = def === current && call && 'params' in call ? call.params : undefined;
    if (def === current && call && 'error' in call) return;
    ui.closeQuickAdd();
    addLayer(def.type, { at: placeAt(req, def.type), pointed: !!req.at, from: req.from, to: req.to, intoEdge: req.intoEdge, after: req.after, params });
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(items.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') choose(current);
    else if (e.key === 'Escape') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  // Stay inside the window: near the right or bottom edge the panel opens to the other side.
  const left = Math.min(req.screen.x, window.innerWidth - 300);
  const top = Math.min(req.screen.y, window.innerHeight - 340);
  const title = req.intoEdge ? 'Insert layer into this wire' : req.from || req.to ? 'Add a layer to this wire' : req.after ? 'Add a layer after the selection' : 'Add a layer here';
  return (
    <div ref={root} className="wg-quickadd" style={{ left, top }} role="dialog" aria-label={title}>
      <input
        ref={input}
        className="wg-input"
        type="search"
        aria-label="Search layers to add"
        placeholder="Layer, or Conv2d(32, 64, 3, padding=1)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.type}` : undefined}
        spellCheck={false}
        autoComplete="off"
      />
      <p className={`wg-quickadd__hint${call && 'error' in call ? ' is-error' : ''}`} role="status">
        {call && 'error' in call ? call.error : call ? `${current!.type} with ${Object.entries(call.params).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('×') : v}`).join(', ') || 'defaults'}` : title}
      </p>
      <ul id={listId} role="listbox" aria-label="Layers" className="wg-quickadd__list">
        {items.length === 0 ? <li className="wg-muted wg-quickadd__none">No layer fits here{text ? ` matching “${query.name}”` : ''}.</li> : null}
        {items.map((d) => (
          <li
            key={d.type}
            id={`${listId}-${d.type}`}
            role="option"
            aria-selected={d === current}
            className={`wg-quickadd__item cat-${d.category}${d === current ? ' is-active' : ''}`}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => choose(d)}
            onPointerEnter={() => setActive(items.indexOf(d))}
          >
            <span className="wg-palette__swatch" aria-hidden />
            <span className="wg-quickadd__name">{d.type}</span>
            <span className="wg-quickadd__doc">{d.doc}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
