/** Queue names as in wrangler.toml: the Worker's one queue handler tells them apart by `batch.queue`. */
export const CHANGES_QUEUE = 'newswire-changes';
export const CHANGES_DLQ = 'newswire-changes-dlq';
export const DELIVERIES_QUEUE = 'newswire-deliveries';
export const DELIVERIES_DLQ = 'newswire-deliveries-dlq';
