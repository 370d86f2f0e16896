/** Fixture articles written for these tests (English, Russian, Kazakh). */

export function kazakhArticle(id = 'kk-metro-1') {
  return {
    id,
    title: 'Алматы метросы жаңа бекеттерін ашты — «Сайран» мен «Құлжа»',
    summary: 'Қала әкімдігі жаңа екі бекет қараша айының соңына дейін жолаушыларға ашылатынын хабарлады.',
    content_html:
      '<h2>Құрылыс тарихы</h2><p>Жұмыстар ұзақ жылға созылды, бірақ қала тұрғындары әлі де үмітті: ә ғ қ ң ө ұ ү һ і.</p>' +
      '<blockquote><p>Біз әр бекетті уақытында аяқтауға тырыстық.</p></blockquote><p>— деді жоба жетекшісі.</p>',
    url: 'https://steppe.example/kk/metro',
    image: { url: 'https://steppe.example/img/metro.jpg', caption: 'Жаңа бекеттің кіреберісі', credit: 'Дала агенттігі' },
    authors: [{ name: 'Әлия Сейітқызы' }],
    source: { name: 'Дала жаңалықтары', url: 'https://dala.example/' },
    tags: ['Алматы', 'Көлік'],
    language: 'kk',
    date_published: '2026-11-20T09:30:00+05:00',
  };
}

export function russianArticle(id = 'ru-bridge-1') {
  return {
    id,
    title: 'В Астане открыли мост через Ишим — «долгожданный» объект 🚧',
    summary: 'Новый мост соединил два района столицы.',
    content_html: '<h2>Предыстория</h2><p>Строительство шло три года.</p><blockquote>«Мы гордимся результатом», — сказал инженер.</blockquote>',
    url: 'https://steppe.example/ru/bridge',
    authors: [{ name: 'Ирина Ким', url: 'https://steppe.example/authors/kim' }],
    source: { name: 'Степной вестник' },
    tags: ['Астана', 'Инфраструктура'],
    language: 'ru',
    date_published: '2026-11-21T12:00:00+05:00',
  };
}

export function englishArticle(id = 'en-grain-1', date = '2026-11-22T08:00:00Z') {
  return {
    id,
    title: 'Grain exports rise as rail corridor reopens',
    summary: 'Shipments grew by a fifth in October, the ministry said.',
    content_html: '<p>Freight volumes recovered quickly.</p><h2>Outlook</h2><p>Analysts expect more growth.</p>',
    language: 'en',
    tags: ['Economy'],
    date_published: date,
  };
}
