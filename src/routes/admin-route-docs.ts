import { problemContent } from '../http/problem';

/** What every /admin route declares in the OpenAPI document: the bearer token and its 401. */
export const adminSecurity = [{ adminToken: [] }];
export const adminUnauthorized = { 401: { description: 'Missing or wrong admin token', content: problemContent } };

export function notFoundResponse(description: string) {
  return { 404: { description, content: problemContent } };
}

/** Routes that seal or open secrets: a missing or short SECRETS_KEY, or one that cannot open the current secret. */
export const secretsKeyBroken = {
  500: { description: 'SECRETS_KEY missing or shorter than 32 bytes, or it cannot open the current secret', content: problemContent },
};
