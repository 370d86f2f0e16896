import type { WebSubContentMessage, WebSubDenyMessage, WebSubVerifyMessage } from '../../model/push-messages';
import type { DeliveryHandler } from '../delivery-handler';
import { contentHandler } from './content';
import type { WebSubDeps } from './deps';
import { denyHandler, verifyHandler } from './verify';

export type { WebSubDeps } from './deps';
export { websubTargets } from './targets';

/** The WebSub kinds of the DELIVERIES queue, for push/deliveries.ts to dispatch to. */
export function websubHandlers(deps: WebSubDeps): {
  'websub.verify': DeliveryHandler<WebSubVerifyMessage>;
  'websub.deny': DeliveryHandler<WebSubDenyMessage>;
  'websub.content': DeliveryHandler<WebSubContentMessage>;
} {
  return { 'websub.verify': verifyHandler(deps), 'websub.deny': denyHandler(deps), 'websub.content': contentHandler(deps) };
}
