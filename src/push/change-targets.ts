import type { ChangeEvent } from '../model/change-event';
import type { DeliveryMessage } from '../model/push-messages';

/**
 * Who must hear of a change: the fan-out consumer (push/fan-out.ts) asks each kind of push
 * (WebSub topics, partner subscriptions) and queues what they answer. Each lists its own KV
 * prefix; none of this runs in the publisher's request.
 */
export type ChangeTargets = (change: ChangeEvent) => Promise<DeliveryMessage[]>;
