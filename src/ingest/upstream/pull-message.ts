import { z } from '@hono/zod-openapi';
import { SourceId } from '../../model/source-schema';

/**
 * The body of a message on the source-pulls queue (and its dead-letter queue): which source
 * to pull. Whether it is still due is read from the source's record when it is consumed.
 */
export const SourcePullMessageSchema = z.object({ source: SourceId });

export type SourcePullMessage = z.infer<typeof SourcePullMessageSchema>;

/** Queue names as in wrangler.toml: one handler serves both, told apart by `batch.queue`. */
export const SOURCE_PULLS_QUEUE = 'newswire-source-pulls';
export const SOURCE_PULLS_DLQ = 'newswire-source-pulls-dlq';
