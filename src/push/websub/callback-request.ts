import { httpsRequired, outboundUrlRefusal } from '../../http/outbound-url';
import { readCapped } from '../../http/read-capped';
import type { DeliveryResult } from '../delivery-handler';
import type { WebSubDeps } from './deps';

/** A subscriber that neither answers nor fails within this is treated as down, and retried. */
export const CALLBACK_TIMEOUT_MS = 10_000;

/** A callback's answer is read only as far as a challenge could reach; the rest is not ours to buffer. */
const MAX_ANSWER_BYTES = 1024;

export type CallbackAnswer = { ok: true; status: number; body: string } | { ok: false; result: DeliveryResult };

/**
 * One request to a subscriber's callback: checked against the address rules first (the flag may
 * have changed since the subscription), never redirected (a 3xx is the answer, as §7 counts
 * only 2xx as success), bounded in time and in what is read back.
 */
export async function callCallback(deps: WebSubDeps, callback: string, init: RequestInit): Promise<CallbackAnswer> {
  const refusal = outboundUrlRefusal(callback, { allowPrivate: deps.allowPrivate });
  if (refusal !== null) return { ok: false, result: { ok: false, error: `callback refused: ${refusal}`, permanent: true } };
  // As at subscription: signed content goes over https unless local callbacks are allowed.
  if (httpsRequired(callback, deps.allowPrivate)) return { ok: false, result: { ok: false, error: 'callback refused: not https', permanent: true } };
  let response: Response;
  try {
    response = await deps.fetch(callback, { ...init, redirect: 'manual', signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
  } catch (err) {
    return { ok: false, result: { ok: false, error: `callback unreachable: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const bytes = await readCapped(response.body, MAX_ANSWER_BYTES).catch(() => 'too-large' as const);
  const body = bytes === 'too-large' ? '' : new TextDecoder().decode(bytes);
  return { ok: true, status: response.status, body };
}
