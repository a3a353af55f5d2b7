/**
 * Every way an ONNX file can be refused, as one error with a stable code and one plain
 * sentence naming what is wrong (and where: the node, the tensor). The CLI prints it as one
 * line; the fuzz test checks that nothing else ever escapes the importer.
 */
export class ImportError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The ONNX node the problem is on, where there is one. */
    readonly onnxNode?: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export function importFail(code: string, message: string, onnxNode?: string): never {
  throw new ImportError(code, message, onnxNode);
}
