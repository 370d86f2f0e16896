import type { ChangeEvent } from '../../model/change-event';
import type { WebSubContentMessage } from '../../model/push-messages';
import { websubFeedPrefix } from '../../store/keys';
import { WebSubStore } from '../../store/websub-store';
import type { ChangeTargets } from '../change-targets';
import type { WebSubDeps } from './deps';

/**
 * The WebSub side of a change: every feed whose first page may have changed is a scope of the
 * change, and each of its live subscriptions (any format) gets one `websub.content` message.
 * One list() per scope; no subscription value is read here.
 */
export function websubTargets(deps: Pick<WebSubDeps, 'kv' | 'now'>): ChangeTargets {
  return async (change: ChangeEvent) => {
    const store = new WebSubStore(deps.kv);
    const now = deps.now();
    const prefixes = new Set<string>();
    const scopes = change.scopes.filter((scope) => {
      const prefix = websubFeedPrefix(scope);
      if (prefixes.has(prefix)) return false;
      prefixes.add(prefix);
      return true;
    });
    const listed = await Promise.all(scopes.map((scope) => store.listLive(scope, now)));
    return listed.flat().map((s): WebSubContentMessage => ({ kind: 'websub.content', subscription: s.key, topic: s.topic, change: change.id }));
  };
}
