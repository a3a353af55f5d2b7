/** What changed between two runs: hyper-parameters, then the graph (nodes and their parameters). */
import type { RunDetails } from '../../core/api/contract';
import { diffGraphs, diffValues } from '../../core/runs/diff';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

export function RunDiff({ a, b }: { a: RunDetails; b: RunDetails }) {
  const settings = diffValues(a.record.training, b.record.training);
  const graph = diffGraphs(a.record.document, b.record.document);
  const graphSame = !graph.added.length && !graph.removed.length && !graph.changed.length && !graph.rewired.added.length && !graph.rewired.removed.length;
  return (
    <section className="wg-rundiff" aria-label="Differences between the two selected runs">
      <h3>
        {a.record.name} → {b.record.name}
      </h3>
      <table className="wg-table" aria-label="Changed settings">
        <thead>
          <tr>
            <th>Setting</th>
            <th>{a.record.name}</th>
            <th>{b.record.name}</th>
          </tr>
        </thead>
        <tbody>
          {settings.length ? (
            settings.map((c) => (
              <tr key={c.path}>
                <td>training.{c.path}</td>
                <td>{show(c.a)}</td>
                <td>{show(c.b)}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={3}>Same training settings</td>
            </tr>
          )}
        </tbody>
      </table>
      <ul className="wg-rundiff__graph" aria-label="Graph changes">
        {graphSame ? <li>Same graph</li> : null}
        {graph.added.map((n) => (
          <li key={`+${n.id}`}>+ {n.id} ({n.type}) added</li>
        ))}
        {graph.removed.map((n) => (
          <li key={`-${n.id}`}>− {n.id} ({n.type}) removed</li>
        ))}
        {graph.changed.flatMap((n) =>
          n.params.map((p) => (
            <li key={`${n.id}.${p.path}`}>
              {n.id}.{p.path}: {show(p.a)} → {show(p.b)}
            </li>
          )),
        )}
        {graph.rewired.added.map((e) => (
          <li key={`e+${e}`}>+ wire {e}</li>
        ))}
        {graph.rewired.removed.map((e) => (
          <li key={`e-${e}`}>− wire {e}</li>
        ))}
      </ul>
    </section>
  );
}
