/**
 * The block library in the app: export a block to a file or into the user's library, import
 * a block file into the project, and the library's blocks for the palette (using one imports
 * it into the project first). Files go through the backend, which validates them with the
 * project rules.
 */
import { exportBlock, importBlocks, BLOCK_FILE_SUFFIX, type BlockFile } from '../../core/blocks/library';
import { BLOCK_FILE_FILTERS, type BlockLibrary } from '../../core/api/contract';
import { createStore } from '../store/createStore';
import { findLayer } from '../../core/layers/index';
import { editor } from '../store/editorStore';
import { ui } from '../store/uiStore';
import { getApi, errorMessage } from '../api';
import { ask, askPath } from '../actions/dialog';
import { sessionStore } from '../actions/session';

export const libraryStore = createStore<BlockLibrary['entries']>([]);

export async function refreshLibrary(): Promise<void> {
  const lib = await getApi()?.listBlockLibrary().catch(() => null);
  if (!lib) return;
  libraryStore.set(lib.entries);
  for (const p of lib.problems) ui.log('warn', `Block library: ${p}`);
}

const native = () => sessionStore.get().info?.nativeDialogs ?? false;

/** Export block…: to a file the user names, or (the dialog's second button) into the library. */
export async function exportBlockFile(name: string): Promise<void> {
  const api = getApi();
  if (!api) return ui.toast('error', 'Exporting a block needs the Wiregrad backend');
  const file = exportBlock(editor.project, name);
  let path: string | undefined;
  if (native()) {
    path = (await api.pickSavePath({ title: `Export block ${name}`, defaultPath: `${name}${BLOCK_FILE_SUFFIX}`, filters: BLOCK_FILE_FILTERS }).catch(() => null)) ?? undefined;
    if (!path) return;
  } else {
    const r = await ask({ title: `Export block ${name}`, action: 'Export', initial: `${name}${BLOCK_FILE_SUFFIX}`, hint: 'A path on the machine running Wiregrad; or keep it in your block library', secondary: 'Add to library' });
    if (!r) return;
    path = r === 'secondary' ? undefined : r.path;
  }
  try {
    const saved = await api.exportBlock(file, path);
    ui.toast('success', `Exported block ${name} to ${saved.path}`);
    if (!path) await refreshLibrary();
  } catch (e) {
    ui.toast('error', `Could not export ${name}: ${errorMessage(e)}`);
  }
}

/** Puts a block file's blocks into the project (one undo step); returns the main block's name there. */
export function takeBlockFile(file: BlockFile): string {
  const r = importBlocks(editor.project, file);
  if (r.added.length) editor.commit({ kind: 'batch', commands: r.added.map((n) => ({ kind: 'setBlock' as const, name: n, block: r.blocks[n] })) }, { label: `Import block ${r.name}` });
  return r.name;
}

/** Import Block…: a block file into the project; it then appears under Blocks in the palette. */
export async function importBlockFile(): Promise<void> {
  const api = getApi();
  if (!api) return ui.toast('error', 'Importing a block needs the Wiregrad backend');
  const path = native()
    ? await api.pickFile({ title: 'Import block', filters: BLOCK_FILE_FILTERS }).catch(() => null)
    : await askPath({ title: 'Import block', action: 'Import', initial: '', hint: `Path of a ${BLOCK_FILE_SUFFIX} file on the machine running Wiregrad` });
  if (!path) return;
  try {
    const name = takeBlockFile(await api.importBlock(path));
    ui.toast('success', `Imported block ${name}: find it under Blocks in the palette`);
  } catch (e) {
    ui.toast('error', `Could not import ${path}: ${errorMessage(e)}`);
  }
}

/** A layer type to add: a library block the project lacks is imported first, under the name it gets there. */
export function ensureInProject(type: string): string {
  if (findLayer(type) || editor.project.blocks?.[type]) return type;
  const entry = libraryStore.get().find((e) => e.file.name === type);
  return entry ? takeBlockFile(entry.file) : type;
}
