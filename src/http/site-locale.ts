import type { Context } from 'hono';
import type { AppEnv } from '../env';

/** Where the outlet's newsroom is (Astana and Almaty share it). */
export const DEFAULT_TIME_ZONE = 'Asia/Almaty';

/** SITE_LANGUAGE: the language of the listings' own words (an article page speaks its article's). */
export function siteLanguage(c: Context<AppEnv>): string {
  return c.env.SITE_LANGUAGE || 'en';
}

/** SITE_TIMEZONE: the newsroom's IANA zone, in which the pages show dates and times. */
export function siteTimeZone(c: Context<AppEnv>): string {
  return c.env.SITE_TIMEZONE || DEFAULT_TIME_ZONE;
}
