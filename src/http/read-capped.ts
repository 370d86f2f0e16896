/**
 * Reads a body up to `limit` bytes and gives up as soon as it passes that, so a
 * 20 MiB (or endless) body is never buffered. Stops too when `signal` aborts: an injected
 * or slow body stream may not be tied to the fetch's own signal.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number, signal?: AbortSignal): Promise<Uint8Array | 'too-large'> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel('body over the size limit').catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
