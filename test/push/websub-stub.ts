import type { WebSubDeps } from '../../src/push/websub/deps';

/** One request a handler sent to a (stub) callback. */
export interface CallbackRequest {
  url: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
  redirect: RequestInit['redirect'];
}

export type CallbackAnswer = (request: CallbackRequest) => Response | Promise<Response>;

/** A stand-in for subscribers' callbacks: every request recorded, none sent anywhere. */
export function stubCallbacks(answer: CallbackAnswer) {
  const requests: CallbackRequest[] = [];
  let current = answer;
  const fetch: WebSubDeps['fetch'] = async (url, init) => {
    const body = init.body instanceof Uint8Array ? init.body : new Uint8Array();
    const request: CallbackRequest = { url, method: init.method ?? 'GET', headers: new Headers(init.headers), body, redirect: init.redirect };
    requests.push(request);
    return current(request);
  };
  return {
    fetch,
    requests,
    answer(next: CallbackAnswer) {
      current = next;
    },
  };
}

/** Echoes hub.challenge, as a subscriber that wants the subscription does (WebSub §5.3). */
export const echoChallenge: CallbackAnswer = ({ url }) => new Response(new URL(url).searchParams.get('hub.challenge') ?? '', { status: 200 });
