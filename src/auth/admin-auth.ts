import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { problem } from '../http/problem';

const encoder = new TextEncoder();

/** Constant-time comparison: the token's length is the only thing a timing probe learns. */
async function sameToken(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Bearer ADMIN_TOKEN on every /admin route. An unset token locks the admin API entirely. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const expected = c.env.ADMIN_TOKEN;
  if (!expected || !match?.[1] || !(await sameToken(match[1].trim(), expected))) {
    return problem(401, 'A valid admin bearer token is required.', { headers: { 'www-authenticate': 'Bearer realm="newswire-admin"' } });
  }
  await next();
};
