/**
 * Named, ordered migrations of the project file format. Each takes the raw JSON of version
 * N-1 and returns version N; fields a migration does not know are carried over untouched.
 */
type Raw = Record<string, unknown>;

export interface Migration {
  to: number;
  name: string;
  migrate(doc: Raw): Raw;
}

export const migrations: Migration[] = [
  {
    // Version 0 (prototype files) stored edges React-Flow style and had no training section.
    to: 1,
    name: 'edges-from-to-and-training-section',
    migrate(doc) {
      const edges = Array.isArray(doc.edges) ? doc.edges : [];
      return {
        ...doc,
        // Anything that is not an object stays as it is, for the validator to name ("edge #3 ...").
        edges: edges.map((e: unknown, i: number) =>
          isObject(e) && 'source' in e
            ? {
                ...Object.fromEntries(Object.entries(e).filter(([k]) => !['source', 'sourceHandle', 'target', 'targetHandle'].includes(k))),
                id: (e.id as string) ?? `e${i}`,
                from: { node: e.source, port: e.sourceHandle ?? 'out' },
                to: { node: e.target, port: e.targetHandle ?? 'in' },
              }
            : e,
        ),
        version: 1,
      };
    },
  },
];

function isObject(x: unknown): x is Raw {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function migrate(doc: Raw, from: number): Raw {
  let out = doc;
  for (const m of migrations) if (m.to > from) out = m.migrate(out);
  return out;
}
