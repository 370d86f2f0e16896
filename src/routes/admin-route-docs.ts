import { problemContent } from '../http/problem';

/** What every /admin route declares in the OpenAPI document: the bearer token and its 401. */
export const adminSecurity = [{ adminToken: [] }];
export const adminUnauthorized = { 401: { description: 'Missing or wrong admin token', content: problemContent } };

export function notFoundResponse(description: string) {
  return { 404: { description, content: problemContent } };
}
