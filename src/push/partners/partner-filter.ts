import type { ChangeEvent } from '../../model/change-event';
import type { SubscriptionFilter } from '../../model/subscription-schema';

/**
 * Whether a change concerns a subscription. Within a dimension any listed value matches;
 * dimensions combine with AND; a dimension left out matches everything. The change carries
 * the article's languages and tags from before and after it, so an article that leaves a
 * filter (a tag removed, a retraction) still reaches the partners who received it. The union
 * is checked per dimension: a tag only before and a language only after also match, which errs
 * on telling a partner too much, never too little.
 */
export function matchesFilter(filter: SubscriptionFilter, change: Pick<ChangeEvent, 'publisher' | 'tags' | 'languages'>): boolean {
  if (filter.publishers && !filter.publishers.includes(change.publisher)) return false;
  if (filter.tags && !filter.tags.some((tag) => change.tags.includes(tag))) return false;
  if (filter.languages && !filter.languages.some((lang) => change.languages.includes(lang))) return false;
  return true;
}
