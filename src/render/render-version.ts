/** Bumped when renderers change, so cached copies of an old rendering are never served. */
export const RENDER_VERSION = 'r1';
