/**
 * One error type for both transports. Codes are stable so the renderer can branch on
 * them (e.g. show "file not found" differently from a corrupt document); messages are
 * plain language for the user. Pure: imported by the renderer's HTTP client too.
 */

import type { ApiErrorData } from './contract';

export class ApiError extends Error implements ApiErrorData {
  readonly code: string;
  nodeId?: string;
  line?: number;
  constructor(code: string, message: string, where: { nodeId?: string; line?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (where.nodeId !== undefined) this.nodeId = where.nodeId;
    if (where.line !== undefined) this.line = where.line;
  }
}

function where(err: { nodeId?: unknown; line?: unknown }): { nodeId?: string; line?: number } {
  return {
    ...(typeof err.nodeId === 'string' ? { nodeId: err.nodeId } : {}),
    ...(typeof err.line === 'number' ? { line: err.line } : {}),
  };
}

/** Turns anything thrown by the backend into wire data; keeps core error codes (DocumentError, DataError, ...). */
export function toErrorData(e: unknown): ApiErrorData {
  if (e && typeof e === 'object') {
    const err = e as { code?: unknown; message?: unknown; nodeId?: unknown; line?: unknown };
    const message = typeof err.message === 'string' ? err.message : String(e);
    // Node's fs errors carry codes like ENOENT; translate the common ones into plain language.
    if (err.code === 'ENOENT') return { code: 'NOT_FOUND', message };
    if (err.code === 'EACCES' || err.code === 'EPERM') return { code: 'PERMISSION_DENIED', message };
    if (typeof err.code === 'string' && err.code) return { code: err.code, message, ...where(err) };
    return { code: 'INTERNAL', message };
  }
  return { code: 'INTERNAL', message: String(e) };
}

export function fromErrorData(data: ApiErrorData): ApiError {
  return new ApiError(data.code, data.message, where(data));
}
