/**
 * Setup for mutation runs only (vitest.mutation.config.ts): the code under test runs in plain
 * Node there, and `crypto.subtle.timingSafeEqual` is a workerd extension Node lacks. This
 * stands in with workerd's contract: a TypeError for inputs of different byte length, so a
 * mutant that drops the caller's length check fails here as it would in the Worker.
 */

function bytesOf(view: ArrayBuffer | ArrayBufferView): Uint8Array {
  return view instanceof ArrayBuffer ? new Uint8Array(view) : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

if (!('timingSafeEqual' in crypto.subtle)) {
  Object.defineProperty(crypto.subtle, 'timingSafeEqual', {
    value(a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView): boolean {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.byteLength !== y.byteLength) throw new TypeError('Input buffers must have the same byte length.');
      let diff = 0;
      for (let i = 0; i < x.byteLength; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
      return diff === 0;
    },
  });
}
