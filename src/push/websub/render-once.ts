/**
 * One render per topic per batch of deliveries: the subscribers of a topic are queued together
 * by the fan-out, so a batch often holds several deliveries of the same topic, and each render
 * costs a KV `list()` (the isolate memo is off for push, so no render is older than the batch).
 * The body is read once and each caller gets a fresh Response of the same bytes.
 */
export function renderOncePerTopic(render: (url: string) => Promise<Response>): (url: string) => Promise<Response> {
  const rendered = new Map<string, Promise<{ status: number; headers: Headers; body: ArrayBuffer }>>();
  return async (url) => {
    let first = rendered.get(url);
    if (first === undefined) {
      first = render(url).then(async (res) => ({ status: res.status, headers: new Headers(res.headers), body: await res.arrayBuffer() }));
      rendered.set(url, first);
    }
    const { status, headers, body } = await first;
    return new Response(status === 204 || status === 304 ? null : body, { status, headers });
  };
}
