import type { ExportContext, Section } from './sections';
import { usageText } from './script';

/** Seconds-long runs for tests and smoke checks: `WIREGRAD_STEPS=20 jupyter nbconvert --execute …`. */
export const NOTEBOOK_STEPS_ENV = 'WIREGRAD_STEPS';

const RUN = `# The project's settings; pass others as keywords, e.g. default_options(epochs=1, device="cuda").
# ${NOTEBOOK_STEPS_ENV}=N in the environment stops after N steps (a quick check of the notebook).
steps = int(os.environ.get("${NOTEBOOK_STEPS_ENV}", "0")) or None
history = train(default_options(steps=steps))`;

const PLOT = `import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(history["step"], history["loss"], linewidth=0.8, label="training loss (per batch)")
tested = [r for r in history["epochs"] if "test_loss" in r]
if tested:
    ax.plot([r["step"] for r in tested], [r["test_loss"] for r in tested], "o-", label="test loss (per epoch)")
ax.set_xlabel("step")
ax.set_ylabel("loss")
ax.set_title(PROJECT)
ax.legend()
plt.show()`;

interface Cell {
  cell_type: 'markdown' | 'code';
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

/** nbformat keeps a cell's source as lines, each with its newline but the last. */
function lines(text: string): string[] {
  const all = text.split('\n');
  return all.map((l, i) => (i < all.length - 1 ? `${l}\n` : l));
}

const markdown = (text: string): Cell => ({ cell_type: 'markdown', metadata: {}, source: lines(text) });
const code = (text: string): Cell => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: lines(text) });

/** The sections as a Jupyter notebook (nbformat 4), runnable top to bottom, ending with a loss plot. */
export function renderNotebook(ctx: ExportContext, parts: Section[], file: string): string {
  const usage = usageText(ctx, 'model.py').split('\n\n');
  const cells: Cell[] = [
    markdown(`# ${ctx.doc.name}\n\nExported from Wiregrad. ${usage.slice(1, 2).join('').replace(/\n/g, ' ')}\n\nThe same program as a script: \`wiregrad export PROJECT --format pytorch -o model.py\` (with a command line and torchrun). This notebook is \`${file}\`.`),
  ];
  for (const s of parts) cells.push(markdown(`## ${s.title}\n\n${s.intro}`), code(s.code));
  cells.push(markdown('## Run'), code(RUN), markdown('## Loss curve'), code(PLOT));
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
      wiregrad: { project: ctx.doc.name },
    },
    cells: cells.map((c, i) => ({ id: `cell-${i + 1}`, ...c })),
  };
  return JSON.stringify(nb, null, 1) + '\n';
}
