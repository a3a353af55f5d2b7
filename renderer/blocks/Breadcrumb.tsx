/** Where the canvas is while a block is open: Project › CustomLayer (b1); a crumb goes back to that level. */
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';

export function Breadcrumb() {
  const scope = useStore(editorStore, (s) => s.scope);
  const name = useStore(editorStore, (s) => (s.scope[0]?.parent.doc ?? s.doc).name);
  if (!scope.length) return null;
  const last = scope.at(-1)!;
  return (
    <nav className="wg-breadcrumb" aria-label="Block breadcrumb">
      <button type="button" className="wg-link" onClick={() => editor.closeBlock(scope.length)}>
        {name}
      </button>
      {scope.slice(0, -1).map((f, i) => (
        <span key={f.instanceId}>
          {' › '}
          <button type="button" className="wg-link" onClick={() => editor.closeBlock(scope.length - 1 - i)}>
            {f.block} ({f.instanceId})
          </button>
        </span>
      ))}
      <span aria-current="page">
        {' › '}
        <strong>{last.block}</strong> <span className="wg-muted">({last.instanceId}: editing the definition, every instance follows)</span>
      </span>
      <button type="button" className="wg-btn wg-breadcrumb__close" onClick={() => editor.closeBlock()}>
        Close block
      </button>
    </nav>
  );
}
