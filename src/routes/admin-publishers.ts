import { createRoute, z } from '@hono/zod-openapi';
import { sealingKeys, UNOPENABLE_SECRET_DETAIL } from '../auth/secrets-key';
import { createApiApp } from '../http/api-app';
import { PublisherId } from '../model/article-schema';
import { NewPublisherSchema, PublisherWithSecretSchema } from '../model/publisher-schema';
import { problemContent, problemJson } from '../http/problem';
import { publisherObject } from '../ingest/publisher-client';
import { adminSecurity, adminUnauthorized, notFoundResponse, secretsKeyBroken } from './admin-route-docs';

const IdParam = z.object({ id: PublisherId.openapi({ param: { name: 'id', in: 'path' } }) });
const security = adminSecurity;
const unauthorized = adminUnauthorized;
const notFound = notFoundResponse('Unknown publisher');


export const adminPublishers = createApiApp()
  .openapi(
    createRoute({
      method: 'post', path: '/admin/publishers', tags: ['Admin'], security, summary: 'Register a publisher',
      description: 'Returns the webhook signing secret once; store it, it cannot be read back.',
      request: { body: { required: true, content: { 'application/json': { schema: NewPublisherSchema } } } },
      responses: {
        201: { description: 'Created', content: { 'application/json': { schema: PublisherWithSecretSchema } } },
        409: { description: 'The id is taken (also by a deleted publisher)', content: problemContent },
        422: { description: 'Schema violation', content: problemContent },
        ...secretsKeyBroken,
        ...unauthorized,
      },
    }),
    async (c) => {
      const config = sealingKeys(c.env);
      if (!config.ok) return problemJson(c, 500, config.detail);
      const input = c.req.valid('json');
      const created = await publisherObject(c.env, input.id).createPublisher(input, config.keys);
      if (created === 'taken') return problemJson(c, 409, `Publisher id "${input.id}" is already taken.`);
      const { record, secret } = created;
      return c.json({ id: record.id, name: record.name, url: record.url, secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'post', path: '/admin/publishers/{id}/secrets', tags: ['Admin'], security, summary: 'Rotate the webhook secret',
      description: 'The new secret becomes current; the previous one keeps verifying until DELETE …/secrets/previous. A second rotation retires the oldest.',
      request: { params: IdParam },
      responses: {
        201: { description: 'New secret', content: { 'application/json': { schema: PublisherWithSecretSchema } } },
        ...notFound,
        ...secretsKeyBroken,
        ...unauthorized,
      },
    }),
    async (c) => {
      const config = sealingKeys(c.env);
      if (!config.ok) return problemJson(c, 500, config.detail);
      const id = c.req.valid('param').id;
      const rotation = await publisherObject(c.env, id).rotateSecret(id, config.keys);
      if (rotation === 'missing') return problemJson(c, 404, 'No such publisher.');
      if (rotation === 'unopenable') return problemJson(c, 500, UNOPENABLE_SECRET_DETAIL);
      const { record, secret } = rotation;
      return c.json({ id: record.id, name: record.name, url: record.url, secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/admin/publishers/{id}/secrets/previous', tags: ['Admin'], security, summary: 'Retire the previous secret',
      request: { params: IdParam },
      responses: { 204: { description: 'Only the current secret verifies now' }, 404: { description: 'Unknown publisher or no previous secret', content: problemContent }, ...unauthorized },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const dropped = await publisherObject(c.env, id).dropPreviousSecret(id);
      if (dropped === 'missing') return problemJson(c, 404, 'No such publisher.');
      if (dropped === 'none') return problemJson(c, 404, 'This publisher has no previous secret.');
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/admin/publishers/{id}', tags: ['Admin'], security, summary: 'Delete a publisher',
      description: 'Its secrets stop verifying once this answers, whatever ran concurrently; its articles stay published. The id is never reissued.',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...notFound, ...unauthorized },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      if (!(await publisherObject(c.env, id).deletePublisher(id))) return problemJson(c, 404, 'No such publisher.');
      return c.body(null, 204);
    },
  );
