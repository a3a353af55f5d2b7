/**
 * The layer palette: grouped, searchable, keyboard-driven. Items are buttons named after
 * the layer type; drag one onto the canvas, double-click it, or highlight it with the
 * arrow keys and press Enter to add it at the centre of the view.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { layerCatalog } from '../../core/layers/index';
import type { LayerDef } from '../../core/layers/types';
import { paletteSections } from './paletteModel';
import { LAYER_MIME } from '../canvas/Canvas';
import { addLayerAtCenter, registerPaletteFocus } from '../actions/edit';
import { useStore } from '../store/createStore';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';

export function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const locked = useStore(runStore, (s) => isActive(s));
  const sections = useMemo(() => paletteSections(layerCatalog, query), [query]);
  const flat = useMemo(() => sections.flatMap((s) => s.items), [sections]);

  useEffect(() => {
    registerPaletteFocus(() => {
      search.current?.focus();
      search.current?.select();
    });
  }, []);
  useEffect(() => {
    setActive(0);
  }, [query]);

  const add = (def: LayerDef | undefined) => {
    if (def && !locked) addLayerAtCenter(def.type);
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
      add(flat[active]);
    } else if (e.key === 'Escape') {
      setQuery('');
      search.current?.blur();
    }
  };

  return (
    <aside className="wg-palette" aria-label="Layers palette">
      <div className="wg-palette__search">
        <input
          ref={search}
          type="search"
          placeholder="Search layers  ( / )"
          aria-label="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
          aria-controls="wg-palette-list"
          aria-activedescendant={flat[active] ? `wg-pal-${flat[active].type}` : undefined}
        />
      </div>
      <div className="wg-palette__list" id="wg-palette-list">
        {sections.length === 0 ? <p className="wg-muted wg-palette__none">No layer matches “{query}”.</p> : null}
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
                  className={`wg-palette__item cat-${def.category}${index === active && query ? ' is-active' : ''}`}
                  aria-label={def.type}
                  title={`${def.doc}\nDrag onto the canvas, or double-click to add`}
                  draggable={!locked}
                  disabled={locked}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(LAYER_MIME, def.type);
                    e.dataTransfer.setData('text/plain', def.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
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
                </button>
              );
            })}
          </section>
        ))}
      </div>
      <p className="wg-palette__hint wg-muted">Drag onto the canvas · double-click to add</p>
    </aside>
  );
}
