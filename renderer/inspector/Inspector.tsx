/** Right panel: the selected layer, several selected, or (nothing selected) the open block's pins and the model summary. */
import { useStore } from '../store/createStore';
import { editorStore } from '../store/editorStore';
import { diagnosticsByNode, useCheck } from '../store/derived';
import { runStore } from '../training/runStore';
import { isActive } from '../training/runState';
import { NodeInspector } from './NodeInspector';
import { ModelSummary } from './ModelSummary';
import { SelectionInspector } from './SelectionInspector';
import { PinsSection } from '../blocks/PinsSection';

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
    const ids = new Set(selection.nodes);
    body = <SelectionInspector nodes={doc.nodes.filter((n) => ids.has(n.id))} edges={selection.edges.length} check={check} locked={locked} />;
  } else {
    body = (
      <>
        <PinsSection doc={doc} check={check} locked={locked} />
        <ModelSummary doc={doc} check={check} />
      </>
    );
  }

  return (
    <aside className="wg-inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
