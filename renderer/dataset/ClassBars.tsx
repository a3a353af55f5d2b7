/** Samples per class as horizontal bars, labelled with the class name and count. */
export function ClassBars({ counts, names }: { counts: number[]; names?: string[] }) {
  const max = Math.max(1, ...counts);
  return (
    <figure className="wg-classbars" aria-label="Samples per class">
      <figcaption>Training samples per class</figcaption>
      <ul>
        {counts.map((c, i) => (
          <li key={i} data-testid="class-count" aria-label={`${names?.[i] ?? i}: ${c}`}>
            <span className="wg-classbars__name">{names?.[i] ?? i}</span>
            <span className="wg-classbars__bar" style={{ width: `${(c / max) * 100}%` }} data-empty={c === 0 || undefined} />
            <span className="wg-classbars__count">{c.toLocaleString('en-US')}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
