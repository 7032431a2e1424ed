/** An error as short text for `last_error` columns and logs: code and message, at most 500 characters, without e-mail addresses. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const parts = [e?.code, e?.responseCode, e?.message ?? String(err)].filter((p) => p !== undefined && p !== null && p !== '');
  return parts
    .join(' ')
    .replace(/[^\s<>@"']+@[^\s<>"']+/g, '[adres]')
    .slice(0, 500);
}
