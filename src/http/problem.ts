import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * RFC 9457 problem details, the one error shape of the API, the feeds and the webhooks. The
 * schema documents it in OpenAPI and is the type; `type` is "about:blank", so per §4.2.1 the
 * title is the status phrase and `detail` carries what went wrong for this request.
 */
const FieldErrorSchema = z.object({ path: z.string(), message: z.string() });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: 'With 422: each invalid field and why.' }),
  })
  .openapi('Problem');

export type ProblemBody = z.infer<typeof ProblemSchema>;
/** One entry of a 422 response: where the input is wrong and why. */
export type FieldError = z.infer<typeof FieldErrorSchema>;

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' } as const;

export function problemBody(status: ContentfulStatusCode, detail: string, errors?: FieldError[]): ProblemBody {
  const body: ProblemBody = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors) body.errors = errors;
  return body;
}

/** A problem response outside typed routes (middleware, error handlers, plain handlers). */
export function problem(
  status: ContentfulStatusCode,
  detail: string,
  extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(problemBody(status, detail, extra.errors)), {
    status,
    headers: { ...PROBLEM_HEADERS, ...extra.headers },
  });
}

/** The same response from an OpenAPI route handler, typed so the route's declared responses check it. */
export function problemJson<S extends ContentfulStatusCode>(c: Context, status: S, detail: string, errors?: FieldError[]) {
  return c.json(problemBody(status, detail, errors), status, PROBLEM_HEADERS);
}

/** Flattens zod issues into the `errors` list of a 422. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
