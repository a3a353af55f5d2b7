/** Confusion matrix as a heat map: rows = true class, columns = predicted; colour by row share. */
export function ConfusionMatrix({ matrix, names }: { matrix: number[][]; names?: string[] }) {
  const n = matrix.length;
  const name = (i: number) => names?.[i] ?? String(i);
  return (
    <figure className="wg-confusion" aria-label="Confusion matrix">
      <figcaption>Confusion matrix</figcaption>
      <div className="wg-confusion__wrap">
        <span className="wg-confusion__axis wg-confusion__axis--y">true</span>
        <table role="grid">
          <thead>
            <tr>
              <th aria-hidden />
              {matrix.map((_, j) => (
                <th key={j} scope="col" title={name(j)}>
                  {name(j)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => {
              const total = row.reduce((a, b) => a + b, 0) || 1;
              return (
                <tr key={i}>
                  <th scope="row">{name(i)}</th>
                  {row.map((v, j) => {
                    const share = v / total;
                    // Diagonal in the accent colour, mistakes in red: the eye finds confusions at once.
                    const hue = i === j ? 'var(--heat-ok)' : 'var(--heat-bad)';
                    return (
                      <td
                        key={j}
                        title={`true ${name(i)}, predicted ${name(j)}: ${v} (${(share * 100).toFixed(1)}%)`}
                        style={{ background: v ? `color-mix(in srgb, ${hue} ${Math.max(8, Math.round(Math.sqrt(share) * 100))}%, transparent)` : undefined }}
                        className={share > 0.5 ? 'is-strong' : undefined}
                      >
                        {v || ''}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <span className="wg-confusion__axis wg-confusion__axis--x">predicted ({n} classes)</span>
    </figure>
  );
}
