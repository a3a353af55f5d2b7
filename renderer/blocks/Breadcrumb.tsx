/** Where the canvas is while a block is open: Project › CustomLayer (b1); a crumb goes back to that level. */
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { requestFit } from '../canvas/controller';

function close(levels: number): void {
  requestFit(true);
  editor.closeBlock(levels);
}

export function Breadcrumb() {
  const scope = useStore(editorStore, (s) => s.scope);
  const name = useStore(editorStore, (s) => (s.scope[0]?.parent.doc ?? s.doc).name);
  const block = useStore(editorStore, (s) => (s.scope.length ? s.doc.blocks?.[s.scope.at(-1)!.block] : undefined));
  if (!scope.length) return null;
  const last = scope.at(-1)!;
  // The pins are not drawn on this canvas: say where the instance's wires land.
  const pins = [...(block?.inputs ?? []).map((p) => `${p.name} → ${p.node}.${p.port}`), ...(block?.outputs ?? []).map((p) => `${p.name} ← ${p.node}.${p.port}`)].join(' · ');
  return (
    <nav className="wg-breadcrumb" aria-label="Block breadcrumb">
      <button type="button" className="wg-link" onClick={() => close(scope.length)}>
        {name}
      </button>
      {scope.slice(0, -1).map((f, i) => (
        <span key={f.instanceId}>
          {' › '}
          <button type="button" className="wg-link" onClick={() => close(scope.length - 1 - i)}>
            {f.block} ({f.instanceId})
          </button>
        </span>
      ))}
      <span aria-current="page">
        {' › '}
        <strong>{last.block}</strong> <span className="wg-muted">({last.instanceId}: editing the definition, every instance follows)</span>
      </span>
      {pins ? <span className="wg-muted wg-breadcrumb__pins" title="Block pins">pins: {pins}</span> : null}
      <button type="button" className="wg-btn wg-breadcrumb__close" onClick={() => close(1)}>
        Close block
      </button>
    </nav>
  );
}
