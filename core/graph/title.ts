/**
 * What a project is called in the title bar, the window title and the recent files: the
 * file's name once it is saved (as every editor does, so two saved "Untitled" projects stay
 * apart), otherwise the document's own name.
 */
export function projectTitle(name: string, filePath: string | null | undefined): string {
  if (!filePath) return name;
  const file = filePath.split(/[\\/]/).pop() ?? filePath;
  return file.replace(/\.wiregrad\.json$|\.json$/i, '') || file;
}

/** A name made safe as a file name's stem ("MNIST MLP" → "MNIST-MLP"); "model" when nothing is left. */
export function fileStem(name: string): string {
  return name.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}
