/** The selected layer: its label, parameters, output and problems. */
import type { DocNode, ProjectDocument } from '../../core/graph/document';
import { PortSources } from './PortSources';
import type { NodeCheck } from '../../core/check/types';
import type { Diagnostic } from '../../core/check/diagnostics';
import { layerDef } from '../store/layerLookup';
import { editor } from '../store/editorStore';
import { ParamField } from './ParamField';
import { formatBatchShape, formatCount } from '../util/format';
import { TextField } from './TextField';
import { BlockSection } from '../blocks/BlockSection';
import { ExposeSection } from '../blocks/ExposeSection';

/** Double-clicking a node focuses this field (canvas/Canvas.tsx). */
export const LABEL_FIELD_ID = 'wg-node-label';

interface Props {
  doc: ProjectDocument;
  node: DocNode;
  check: NodeCheck | undefined;
  diagnostics: Diagnostic[];
  batch: number;
  locked: boolean;
}

/** A layer's parameter fields; each edit is a setParam command, one undo step per focus of a field. */
export function ParamFields({ node, check, locked, legend = 'Parameters' }: { node: DocNode; check: NodeCheck | undefined; locked: boolean; legend?: string }) {
  const def = layerDef(node.type);
  if (!def) return null;
  return (
    <fieldset className="wg-fieldset" disabled={locked}>
      <legend>{legend}</legend>
      {def.params.map((spec) => (
        <ParamField
          key={`${node.id}.${spec.name}`}
          spec={spec}
          value={node.params[spec.name]}
          resolved={check?.params[spec.name]}
          disabled={locked}
          onChange={(value, session) =>
            editor.commit({ kind: 'setParam', nodeId: node.id, param: spec.name, value }, { label: `Set ${spec.name}`, mergeKey: `${node.id}.${spec.name}#${session}` })
          }
        />
      ))}
    </fieldset>
  );
}

export function NodeInspector({ doc, node, check, diagnostics, batch, locked }: Props) {
  const def = layerDef(node.type, doc);
  if (!def) return <p className="wg-muted">Unknown layer type “{node.type}”.</p>;
  return (
    <div className={`wg-inspector__node cat-${def.category}`}>
      <header className="wg-inspector__head">
        <span className="wg-node__swatch" aria-hidden />
        <div>
          <h2>{def.type}</h2>
          <p className="wg-muted">{def.doc}</p>
        </div>
      </header>
      <TextField
        id={LABEL_FIELD_ID}
        label="Label"
        value={node.label ?? ''}
        placeholder={`e.g. ${def.category === 'layer' ? 'hidden' : def.type.toLowerCase()}`}
        disabled={locked}
        onChange={(v, s) => editor.commit({ kind: 'setLabel', nodeId: node.id, label: v }, { label: 'Rename layer', mergeKey: `${node.id}.label#${s}` })}
      />
      {def.params.length ? <ParamFields node={node} check={check} locked={locked} legend={def.category === 'block' ? 'This instance' : 'Parameters'} /> : <p className="wg-muted">No parameters.</p>}
      {def.category === 'block' ? <BlockSection doc={doc} node={node} locked={locked} /> : null}
      {check && check.paramCount > 0 ? (
        <label className="wg-field wg-field--check" title="Unchecked: the layer is frozen (PyTorch's requires_grad=False); training leaves its weights as they are">
          <input
            type="checkbox"
            data-testid="node-trainable"
            checked={node.trainable !== false}
            disabled={locked}
            onChange={(e) => editor.commit({ kind: 'setTrainable', nodeId: node.id, trainable: e.target.checked }, { label: e.target.checked ? 'Unfreeze layer' : 'Freeze layer' })}
          />
          <span className="wg-field__name">Trainable</span>
        </label>
      ) : null}
      <ExposeSection doc={doc} node={node} locked={locked} />
      <PortSources doc={doc} nodeId={node.id} def={def} disabled={locked} />
      <dl className="wg-facts">
        {def.outputs.map((p) => (
          <div key={p.name}>
            <dt>Output {def.outputs.length > 1 ? p.name : ''}</dt>
            <dd>{check?.outputs[p.name] ? formatBatchShape(check.outputs[p.name], batch) : '—'}</dd>
          </div>
        ))}
        <div>
          <dt>Parameters</dt>
          <dd>{check ? check.paramCount.toLocaleString('en-US') : '—'}</dd>
        </div>
        <div>
          <dt>FLOPs / sample</dt>
          <dd>{check ? formatCount(check.flops) : '—'}</dd>
        </div>
        <div>
          <dt>Id</dt>
          <dd className="wg-mono">{node.id}</dd>
        </div>
      </dl>
      {diagnostics.length ? (
        <div className="wg-inspector__problems">
          {diagnostics.map((d, i) => (
            <p key={i} className={`wg-note is-${d.severity}`}>
              {d.message}
            </p>
          ))}
        </div>
      ) : null}
    </div>
  );
}
