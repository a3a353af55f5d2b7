/**
 * The layer palette: grouped, searchable, keyboard-driven. Items are buttons named after
 * the layer type; drag one onto the canvas (onto a wire to insert it), double-click it, or
 * highlight it and press Enter: with a layer selected the new one is wired after it, else
 * it lands at the centre. Search also takes PyTorch spelling: `Linear(2048, 10)`.
 * Each item's tooltip shows its PyTorch signature.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LayerDef } from '../../core/layers/types';
import { paletteCatalog, paletteSections } from './paletteModel';
import { paramsFromCall, parseQuery } from './layerQuery';
import { torchSignature } from './signature';
import { LAYER_MIME } from '../canvas/Canvas';
import { addLayer, registerPaletteFocus } from '../actions/edit';
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { ui } from '../store/uiStore';
import { ensureInProject, libraryStore } from '../blocks/library';

interface Tip {
  def: LayerDef;
  top: number;
  left: number;
}

export function Palette() {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [tipFor, setTipFor] = useState<Tip | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const locked = useStore(runStore, (s) => isActive(s));
  const doc = useStore(editorStore, (s) => s.doc);
  const query = parseQuery(text);
  const open = useStore(editorStore, (s) => s.scope);
  const library = useStore(libraryStore, (s) => s);
  const catalog = useMemo(() => paletteCatalog(doc, open.map((f) => f.block), library.map((e) => e.file)), [doc, open, library]);
  const sections = useMemo(() => paletteSections(catalog, query.name), [catalog, query.name]);
  const flat = useMemo(() => sections.flatMap((s) => s.items), [sections]);

  useEffect(() => {
    registerPaletteFocus(() => {
      search.current?.focus();
      search.current?.select();
    });
  }, []);
  useEffect(() => {
    setActive(0);
  }, [text]);

  const add = (def: LayerDef | undefined, args?: string) => {
    if (!def || locked) return;
    const call = args !== undefined ? paramsFromCall(def, args) : null;
    if (call && 'error' in call) return ui.toast('error', call.error);
    // A block from the library joins the project first (one step), then an instance is added.
    addLayer(ensureInProject(def.type), { params: call?.params });
    setTipFor(null);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(flat.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      add(flat[active], query.args);
    } else if (e.key === 'Escape') {
      setText('');
      search.current?.blur();
    }
  };

  const showTip = (def: LayerDef, el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    setTipFor({ def, top: r.top, left: r.right + 8 });
  };

  return (
    <aside className="wg-palette" aria-label="Layers palette">
      <div className="wg-palette__search">
        <input
          ref={search}
          type="search"
          placeholder="Search layers  ( / )"
          aria-label="Search layers"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onSearchKey}
          aria-controls="wg-palette-list"
          aria-activedescendant={flat[active] ? `wg-pal-${flat[active].type}` : undefined}
          spellCheck={false}
        />
      </div>
      <div className="wg-palette__list" id="wg-palette-list" onScroll={() => setTipFor(null)}>
        {sections.length === 0 ? <p className="wg-muted wg-palette__none">No layer matches “{query.name}”.</p> : null}
        {sections.map((section) => (
          <section key={section.title} className="wg-palette__group" aria-label={section.title}>
            <h3>{section.title}</h3>
            {section.items.map((def) => {
              const index = flat.indexOf(def);
              return (
                <button
                  key={def.type}
                  id={`wg-pal-${def.type}`}
                  type="button"
                  className={`wg-palette__item cat-${def.category}${index === active && text ? ' is-active' : ''}`}
                  aria-label={def.type}
                  aria-describedby={`wg-pal-sig-${def.type}`}
                  draggable={!locked}
                  disabled={locked}
                  onDragStart={(e) => {
                    setTipFor(null);
                    e.dataTransfer.setData(LAYER_MIME, def.type);
                    e.dataTransfer.setData('text/plain', def.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onMouseEnter={(e) => showTip(def, e.currentTarget)}
                  onMouseLeave={() => setTipFor(null)}
                  onFocus={(e) => showTip(def, e.currentTarget)}
                  onBlur={() => setTipFor(null)}
                  onDoubleClick={() => add(def)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      add(def);
                    }
                  }}
                >
                  <span className="wg-palette__swatch" aria-hidden />
                  <span className="wg-palette__name">{def.type}</span>
                  <span className="wg-palette__doc">{def.doc}</span>
                  <span id={`wg-pal-sig-${def.type}`} className="wg-visually-hidden">
                    {torchSignature(def)}
                  </span>
                </button>
              );
            })}
          </section>
        ))}
      </div>
      <p className="wg-palette__hint wg-muted">Drag onto the canvas or a wire · double-click to add after the selection</p>
      {tipFor ? (
        <div className="wg-palette__tip" role="tooltip" aria-hidden style={{ top: tipFor.top, left: tipFor.left }} data-testid="palette-tooltip">
          <code>{torchSignature(tipFor.def)}</code>
          <p>{tipFor.def.doc}</p>
          {tipFor.def.params.length ? (
            <dl>
              {tipFor.def.params.map((p) => (
                <div key={p.name}>
                  <dt>{p.name}</dt>
                  <dd>{p.doc}</dd>
                </div>
              ))}
            </dl>
          ) : null}
        </div>
      ) : null}
    </aside>
  );
}
