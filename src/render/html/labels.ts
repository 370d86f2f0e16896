import { primaryLanguage } from '../../text/language';

/**
 * The site's own words (navigation, bylines, credits) in each language it is written for. An
 * article page speaks its article's language; a listing speaks SITE_LANGUAGE. A language not in
 * the table gets English, and the page then says so with its `lang` (see uiLanguage).
 */

export type UiLanguage = 'en' | 'ru' | 'kk';

export interface Labels {
  latestNews: string;
  allNews: string;
  viewAll: string;
  /** The header's navigation landmark and the language switcher's, told apart for screen readers. */
  sections: string;
  languages: string;
  published: string;
  updated: string;
  /** The byline's lead-in before the original author(s). */
  by: string;
  byMany: string;
  /** "<source> reports": the words around the source's name. */
  reportsBefore: string;
  reportsAfter: string;
  /** The credit's lead-in: "Photo: <credit>". */
  photo: string;
  /** A link to the story at the publisher: "Read at <publisher>". */
  readAt: string;
  tags: string;
  noStories: string;
  /** The pager's links. */
  newest: string;
  newer: string;
  older: string;
  feeds: string;
  api: string;
}

const TABLE: Record<UiLanguage, Labels> = {
  en: {
    latestNews: 'Latest news',
    allNews: 'All news',
    viewAll: 'View all',
    sections: 'Sections',
    languages: 'Languages',
    published: 'Published',
    updated: 'Updated',
    by: 'By',
    byMany: 'By',
    reportsBefore: '',
    reportsAfter: ' reports',
    photo: 'Photo:',
    readAt: 'Read at',
    tags: 'Tags',
    noStories: 'No stories yet.',
    newest: '« Newest',
    newer: '← Newer stories',
    older: 'Older stories →',
    feeds: 'Feeds:',
    api: 'API',
  },
  ru: {
    latestNews: 'Последние новости',
    allNews: 'Все новости',
    viewAll: 'Все новости',
    sections: 'Разделы',
    languages: 'Языки',
    published: 'Опубликовано',
    updated: 'Обновлено',
    by: 'Автор:',
    byMany: 'Авторы:',
    reportsBefore: 'Сообщает ',
    reportsAfter: '',
    photo: 'Фото:',
    readAt: 'Читать на сайте',
    tags: 'Теги',
    noStories: 'Пока нет материалов.',
    newest: '« Самые новые',
    newer: '← Новее',
    older: 'Ранее →',
    feeds: 'Ленты:',
    api: 'API',
  },
  kk: {
    latestNews: 'Соңғы жаңалықтар',
    allNews: 'Барлық жаңалықтар',
    viewAll: 'Барлық жаңалықтар',
    sections: 'Бөлімдер',
    languages: 'Тілдер',
    published: 'Жарияланды',
    updated: 'Жаңартылды',
    by: 'Авторы:',
    byMany: 'Авторлары:',
    reportsBefore: '',
    reportsAfter: ' хабарлайды',
    photo: 'Сурет:',
    readAt: 'Түпнұсқасы:',
    tags: 'Тегтер',
    noStories: 'Әзірге материал жоқ.',
    newest: '« Ең жаңалары',
    newer: '← Жаңарақ',
    older: 'Бұрынырақ →',
    feeds: 'Арналар:',
    api: 'API',
  },
};

/** The table's language for a BCP 47 tag ("kk-Cyrl-KZ" → "kk"); English for any other. */
export function uiLanguage(tag: string | undefined): UiLanguage {
  const primary = tag === undefined ? undefined : primaryLanguage(tag);
  return primary === 'ru' || primary === 'kk' ? primary : 'en';
}

export function labelsFor(language: UiLanguage): Labels {
  return TABLE[language];
}
