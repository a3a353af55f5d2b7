/** Compiler errors carry a stable code and, where known, the canvas node they come from. */
export class CompileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}
