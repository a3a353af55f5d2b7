/**
 * Several layers selected: what they are, the actions for a selection (from the action
 * table), and each selected layer's parameters, so a block just duplicated (Ctrl+D) can be
 * tuned without selecting its layers one by one.
 */
import type { DocNode } from '../../core/graph/document';
import type { CheckResult } from '../../core/check/types';
import { layerDef } from '../store/layerLookup';
import { contextActions } from '../actions/bindings';
import { runAction, tip, useActionEnabled } from '../actions/useAction';
import { actionSpec, type ActionId } from '../../core/ui/actions';
import { nodeName } from '../store/names';
import { ParamFields } from './NodeInspector';

/** More than this and the list would be a wall: the canvas is the better place to pick one. */
const MAX_EDITABLE = 8;

function ActionButton({ id }: { id: ActionId }) {
  const enabled = useActionEnabled(id);
  return (
    <button type="button" className="wg-btn" disabled={!enabled} title={tip(id)} onClick={() => runAction(id)}>
      {actionSpec(id).label}
    </button>
  );
}

export function SelectionInspector({ nodes, edges, check, locked }: { nodes: DocNode[]; edges: number; check: CheckResult; locked: boolean }) {
  const n = nodes.length;
  const tunable = nodes.filter((x) => (layerDef(x.type)?.params.length ?? 0) > 0);
  return (
    <div className="wg-inspector__multi">
      <h2>
        {n ? `${n} layer${n > 1 ? 's' : ''}` : ''}
        {n && edges ? ' and ' : ''}
        {edges ? `${edges} connection${edges > 1 ? 's' : ''}` : ''} selected
      </h2>
      <div className="wg-row wg-row--wrap">
        {contextActions(n ? 'selection' : 'edge').map((id) => (
          <ActionButton key={id} id={id} />
        ))}
      </div>
      {tunable.length && tunable.length <= MAX_EDITABLE
        ? tunable.map((node) => (
            <section key={node.id} className={`wg-inspector__member cat-${layerDef(node.type)?.category}`} aria-label={nodeName(node)}>
              <ParamFields node={node} check={check.nodes[node.id]} locked={locked} legend={nodeName(node)} />
            </section>
          ))
        : null}
    </div>
  );
}
