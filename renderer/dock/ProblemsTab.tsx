/** Every problem the checker found; clicking one selects and centres its node. */
import type { Diagnostic } from '../../core/check/diagnostics';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { useCheck } from '../store/derived';
import { canvas } from '../canvas/controller';
import { FixButton } from '../shell/FixButton';

function nodeIdOf(d: Diagnostic, edges: { id: string; to: { node: string } }[]): string | undefined {
  return d.nodeId ?? (d.edgeId ? edges.find((e) => e.id === d.edgeId)?.to.node : undefined);
}

export function ProblemsTab() {
  const check = useCheck();
  const doc = useStore(editorStore, (s) => s.doc);
  const items = [...check.diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));

  return (
    <section className="wg-problems" role="region" aria-label="Problems">
      {items.length === 0 ? (
        <p className="wg-empty-line">
          <span className="wg-ok" aria-hidden>✓</span> No problems: shapes check out{doc.nodes.length ? '. Press Train (Ctrl+Enter) when ready.' : '.'}
        </p>
      ) : (
        <ul role="list">
          {items.map((d, i) => {
            const nodeId = nodeIdOf(d, doc.edges);
            const node = nodeId ? doc.nodes.find((n) => n.id === nodeId) : undefined;
            return (
              <li key={`${d.code}-${d.nodeId}-${d.edgeId}-${i}`} role="listitem" className={`wg-problem is-${d.severity}`}>
                <button
                  type="button"
                  className="wg-problem__main"
                  aria-label={`${d.severity}: ${d.message}`}
                  onClick={() => {
                    if (!nodeId) return;
                    editor.select([nodeId]);
                    canvas()?.centerNode(nodeId);
                  }}
                >
                  <span className={`wg-sev is-${d.severity}`} aria-hidden>
                    {d.severity === 'error' ? '●' : '▲'}
                  </span>
                  <span className="wg-problem__node">{node ? `${node.type}${node.label ? ` “${node.label}”` : ''}` : 'Graph'}</span>
                  <span className="wg-problem__msg">{d.message}</span>
                  <span className="wg-problem__code">{d.code}</span>
                </button>
                {d.fix ? <FixButton fix={d.fix} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
