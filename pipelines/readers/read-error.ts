/**
 * A result file that cannot be read: names the file, where in it (object kind and id when
 * known) and what was expected, so the user can find the problem without a debugger.
 */
export class ReadError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly where?: { readonly kind?: string; readonly id?: string; readonly offset?: number },
  ) {
    super(`${file}${formatWhere(where)}: ${detail}`);
    this.name = 'ReadError';
  }
}

function formatWhere(where: ReadError['where']): string {
  if (!where) return '';
  const parts: string[] = [];
  if (where.kind !== undefined) parts.push(where.kind);
  if (where.id !== undefined) parts.push(`id ${where.id}`);
  if (where.offset !== undefined) parts.push(`byte ${where.offset}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
