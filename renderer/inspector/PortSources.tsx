/**
 * Wiring from the inspector: for each input of the selected layer, a list of the outputs
 * that may feed it. The keyboard (and screen-reader) way to connect layers, which a
 * drag-only canvas cannot offer; it also reads as a compact "what feeds this layer".
 */
import type { ProjectDocument } from '../../core/graph/document';
import type { LayerDef } from '../../core/layers/types';
import { layerDef } from '../store/layerLookup';
import { inputPorts } from '../../core/layers/ports';
import { connectionProblem } from '../canvas/connectRules';
import { editor } from '../store/editorStore';
import { freshIds } from '../store/commands';

interface Props {
  doc: ProjectDocument;
  nodeId: string;
  def: LayerDef;
  disabled: boolean;
}

function nodeName(doc: ProjectDocument, id: string): string {
  const n = doc.nodes.find((x) => x.id === id);
  return n ? `${n.type}${n.label ? ` “${n.label}”` : ''} (${n.id})` : id;
}

export function PortSources({ doc, nodeId, def, disabled }: Props) {
  const ports = inputPorts(def, doc.nodes.find((n) => n.id === nodeId)?.params);
  if (!ports.length) return null;
  return (
    <fieldset className="wg-fieldset" disabled={disabled}>
      <legend>Inputs</legend>
      {ports.map((port) => {
        const current = doc.edges.find((e) => e.to.node === nodeId && e.to.port === port.name);
        const options = doc.nodes.flatMap((n) =>
          (layerDef(n.type, doc)?.outputs ?? [])
            .filter((o) => connectionProblem(doc, { source: n.id, sourceHandle: o.name, target: nodeId, targetHandle: port.name }) === null)
            .map((o) => ({ value: `${n.id}:${o.name}`, label: `${nodeName(doc, n.id)}${(layerDef(n.type, doc)?.outputs.length ?? 0) > 1 ? ` · ${o.name}` : ''}` })),
        );
        const value = current ? `${current.from.node}:${current.from.port}` : '';
        const id = `wg-src-${nodeId}-${port.name}`;
        return (
          <div className="wg-field" key={port.name}>
            <label htmlFor={id} className="wg-field__name">
              {`${port.name} ←`}
            </label>
            <select
              id={id}
              className="wg-input"
              value={value}
              onChange={(e) => {
                const v = e.target.value;
                if (!v) {
                  if (current) editor.commit({ kind: 'remove', nodeIds: [], edgeIds: [current.id] }, { label: 'Disconnect' });
                  return;
                }
                const [from, fromPort] = v.split(':');
                const [edgeId] = freshIds(doc.edges.map((x) => x.id), 'e', 1);
                editor.commit({ kind: 'connect', edge: { id: edgeId, from: { node: from, port: fromPort }, to: { node: nodeId, port: port.name } } }, { label: 'Connect' });
              }}
            >
              <option value="">— not connected —</option>
              {current && !options.some((o) => o.value === value) ? <option value={value}>{nodeName(doc, current.from.node)}</option> : null}
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
