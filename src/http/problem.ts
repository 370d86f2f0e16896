import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One entry of a 422 response: where the input is wrong and why. */
export interface FieldError {
  path: string;
  message: string;
}

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

/**
 * RFC 9457 problem details. `type` is "about:blank", so per §4.2.1 the title is the
 * status phrase and `detail` carries what went wrong for this request.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

export const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' } as const;

export function problemBody(status: ContentfulStatusCode, detail: string, errors?: FieldError[]): ProblemBody {
  const body: ProblemBody = { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
  if (errors) body.errors = errors;
  return body;
}

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

/** Flattens zod issues into the `errors` list of a 422. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
