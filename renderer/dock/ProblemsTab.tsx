/** Every problem the checker found, layers named by label or id; clicking one selects and centres its layer. */
import { useState } from 'react';
import { useStore } from '../store/createStore';
import { editor, editorStore } from '../store/editorStore';
import { useProblems } from './useProblems';
import { canvas } from '../canvas/controller';
import { FixButton } from '../shell/FixButton';
import { tip } from '../actions/useAction';
import type { ProblemItem } from './problemGroups';
import { fixesOf } from '../../core/check/diagnostics';

function show(nodeIds: string[]): void {
  if (!nodeIds.length) return;
  editor.select(nodeIds);
  canvas()?.centerNode(nodeIds[0]);
}

function Group({ item }: { item: Extract<ProblemItem, { kind: 'group' }> }) {
  const [open, setOpen] = useState(false);
  return (
    <li role="listitem" className="wg-problem is-hint">
      <button type="button" className="wg-problem__main" aria-expanded={open} aria-label={`hint: ${item.title}`} onClick={() => setOpen((o) => !o)}>
        <span className="wg-sev is-hint" aria-hidden>
          ○
        </span>
        <span className="wg-problem__node">Building</span>
        <span className="wg-problem__msg">
          {item.title}
          <span className="wg-muted"> — {open ? 'wire them or delete them' : item.names.slice(0, 3).join(', ') + (item.names.length > 3 ? ', …' : '')}</span>
        </span>
        <span className="wg-problem__code">{item.code}</span>
      </button>
      <button type="button" className="wg-btn wg-btn--fix" onClick={() => show(item.nodeIds)}>
        Select them
      </button>
      {open ? (
        <ul className="wg-problem__members">
          {item.nodeIds.map((id, i) => (
            <li key={id}>
              <button type="button" className="wg-link" onClick={() => show([id])}>
                {item.names[i]}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function ProblemsTab() {
  const items = useProblems();
  const empty = useStore(editorStore, (s) => s.doc.nodes.length === 0);

  return (
    <section className="wg-problems" role="region" aria-label="Problems">
      {items.length === 0 ? (
        <p className="wg-empty-line">
          <span className="wg-ok" aria-hidden>✓</span> No problems: shapes check out{empty ? '.' : `. Press ${tip('train')} when ready.`}
        </p>
      ) : (
        <ul role="list">
          {items.map((item, i) =>
            item.kind === 'group' ? (
              <Group key={item.code} item={item} />
            ) : (
              <li key={`${item.diagnostic.code}-${item.nodeId}-${item.diagnostic.edgeId}-${i}`} role="listitem" className={`wg-problem is-${item.diagnostic.severity}`}>
                <button type="button" className="wg-problem__main" aria-label={`${item.diagnostic.severity}: ${item.where}: ${item.diagnostic.message}`} onClick={() => item.nodeId && show([item.nodeId])}>
                  <span className={`wg-sev is-${item.diagnostic.severity}`} aria-hidden>
                    {item.diagnostic.severity === 'error' ? '●' : '▲'}
                  </span>
                  <span className="wg-problem__node">{item.where}</span>
                  <span className="wg-problem__msg">{item.diagnostic.message}</span>
                  <span className="wg-problem__code">{item.diagnostic.code}</span>
                </button>
                {fixesOf(item.diagnostic).map((f) => (
                  <FixButton key={f.label} fix={f} />
                ))}
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
