/** Right panel: the selected layer, several selected, or (nothing selected) the model summary. */
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { diagnosticsByNode, useCheck } from '../store/derived';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { NodeInspector } from './NodeInspector';
import { ModelSummary } from './ModelSummary';

export function Inspector() {
  const doc = useStore(editorStore, (s) => s.doc);
  const selection = useStore(editorStore, (s) => s.selection);
  const locked = useStore(runStore, (s) => isActive(s));
  const check = useCheck();

  let body;
  if (selection.nodes.length === 1) {
    const node = doc.nodes.find((n) => n.id === selection.nodes[0]);
    body = node ? (
      <NodeInspector
        key={node.id}
        doc={doc}
        node={node}
        check={check.nodes[node.id]}
        diagnostics={diagnosticsByNode(check).get(node.id) ?? []}
        batch={doc.training.batch_size}
        locked={locked}
      />
    ) : null;
  } else if (selection.nodes.length > 1 || selection.edges.length) {
    const n = selection.nodes.length;
    const e = selection.edges.length;
    body = (
      <div className="wg-inspector__multi">
        <h2>
          {n ? `${n} layer${n > 1 ? 's' : ''}` : ''}
          {n && e ? ' and ' : ''}
          {e ? `${e} connection${e > 1 ? 's' : ''}` : ''} selected
        </h2>
        <div className="wg-row">
          <button type="button" className="wg-btn" disabled={locked} onClick={() => editor.deleteSelection()}>
            Delete selection
          </button>
          {n ? (
            <button type="button" className="wg-btn" disabled={locked} onClick={() => editor.duplicate()}>
              Duplicate
            </button>
          ) : null}
        </div>
      </div>
    );
  } else {
    body = <ModelSummary doc={doc} check={check} />;
  }

  return (
    <aside className="wg-inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
