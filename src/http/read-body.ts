import { readCapped } from './read-capped';

export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false };

/** A request body of at most `limit` bytes; a larger declared or streamed body is refused unread. */
export async function readBodyWithin(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) return { ok: false };
  const bytes = await readCapped(request.body, limit);
  return bytes === 'too-large' ? { ok: false } : { ok: true, bytes };
}
