import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';
import { fieldErrors, problem } from './problem';

/** An OpenAPIHono whose schema failures answer 422 problem+json with a field list. */
export function createApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        return problem(422, `The ${result.target} does not match the schema.`, { errors: fieldErrors(result.error.issues) });
      }
      return undefined;
    },
  });
}
