// Generates eval/population/names.jsonl: the clean population for the alert-rate suite.
//
// A bank screens mostly people and companies that are on no list; the share of them that still
// raise an alert is the false-positive cost of a threshold. This script draws such names from
// @faker-js/faker (pinned in package.json, so the output is reproducible) across many locales and
// scripts, plus Latin-script renderings of Russian, Ukrainian and Korean names, because those are
// how such customers usually appear in Western KYC data and they are the names most likely to
// collide with sanctions lists.
//
// Usage (from eval/population/):  npm ci && node generate.mjs [--count 60000] [--seed 20240503]
// Writes names.jsonl next to this file, one line per name:
//   {"id":"pop-000001","name":"...","schema":"Person"|"Organization","locale":"ko"}
// The output is committed, so the evaluation runs offline; regenerate only on purpose.

import { allFakers } from '@faker-js/faker';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const TOTAL = Number(arg('--count', '60000'));
const SEED = Number(arg('--seed', '20240503'));
const ORG_SHARE = 0.25;

// Relative weights per locale. "xx-Latn" entries are Latin-script renderings of the base locale.
const PERSON_WEIGHTS = {
  en_US: 50, en_GB: 25, en_IN: 15, en_NG: 6, de: 20, fr: 20, es: 18, es_MX: 10, it: 15,
  pt_BR: 18, pt_PT: 6, nl: 10, pl: 12, cs_CZ: 5, sk: 3, hu: 5, ro: 5, sv: 5, da: 3, nb_NO: 3,
  fi: 3, lv: 2, hr: 3, sr_RS_latin: 4, tr: 12, id_ID: 12, vi: 12, uz_UZ_latin: 5, az: 5,
  yo_NG: 3, zu_ZA: 3, af_ZA: 3, ne: 3,
  ru: 15, 'ru-Latn': 15, uk: 8, 'uk-Latn': 5, mk: 3, el: 5, hy: 3, ka_GE: 3,
  ko: 10, 'ko-Latn': 15, ja: 10, zh_CN: 15, zh_TW: 6, th: 5,
  ar: 15, fa: 10, ur: 6, he: 8, dv: 1,
};
const ORG_WEIGHTS = {
  en_US: 50, en_GB: 25, en_IN: 8, de: 20, fr: 15, es: 12, es_MX: 6, it: 12, pt_BR: 12,
  pt_PT: 4, nl: 8, pl: 8, cs_CZ: 4, sk: 2, hu: 4, sv: 4, da: 3, nb_NO: 3, lv: 2, tr: 6,
  id_ID: 8, vi: 8, az: 3, af_ZA: 2, zu_ZA: 2, en_NG: 3,
  ru: 12, 'ru-Latn': 12, uk: 6, 'uk-Latn': 4, mk: 2, el: 4, ka_GE: 2,
  ko: 8, ja: 8, zh_CN: 10, fa: 5, ar: 5, he: 4,
};

// mulberry32: a small seeded PRNG for the choices made outside faker.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
function weighted(weights) {
  const entries = Object.entries(weights);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [k, w] of entries) {
    if ((r -= w) < 0) return k;
  }
  return entries[entries.length - 1][0];
}

// One faker per base locale, each seeded from SEED and its name so that adding a locale does not
// change the names drawn for the others.
const fakers = new Map();
function fakerFor(locale) {
  const base = locale.replace(/-Latn$/, '');
  if (!fakers.has(base)) {
    const f = allFakers[base];
    if (!f) throw new Error(`faker has no locale ${base}`);
    let h = SEED;
    for (const ch of base) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
    f.seed(h);
    fakers.set(base, f);
  }
  return fakers.get(base);
}

// Titles and suffixes are not part of a name (and many locales inherit English ones such as
// "PhD"), so they are stripped.
function stripTitles(f, name) {
  const defs = f.rawDefinitions.person ?? {};
  const flat = (v) => (Array.isArray(v) ? v : v ? Object.values(v).flat() : []);
  const prefixes = [...new Set(flat(defs.prefix))].sort((a, b) => b.length - a.length);
  const suffixes = [...new Set(flat(defs.suffix))].sort((a, b) => b.length - a.length);
  let s = name.trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      if (p && s.startsWith(p + ' ')) { s = s.slice(p.length + 1).trim(); changed = true; }
    }
    for (const x of suffixes) {
      if (x && s.endsWith(' ' + x)) { s = s.slice(0, -(x.length + 1)).trim(); changed = true; }
      if (x && s.endsWith(', ' + x)) { s = s.slice(0, -(x.length + 2)).trim(); changed = true; }
    }
  }
  return s;
}

// --- Latin renderings -------------------------------------------------------------------------

// Russian: ICAO 9303 (Russian passports since 2014) or BGN/PCGN, chosen per name.
const RU_ICAO = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};
const RU_BGN = { ...RU_ICAO, ё: 'yo', й: 'y', ъ: '', ю: 'yu', я: 'ya' };
// Ukrainian: the national standard of 2010 (passports): some letters differ at word start.
const UK_NAT = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y',
  і: 'i', ї: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's',
  т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
  '’': '', "'": '',
};
const UK_INITIAL = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
const VOWELS_CYR = 'аеёиоуыэюяєії';

function romanizeCyrillic(s, table, initialTable = {}, bgnE = false) {
  let out = '';
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const lc = c.toLowerCase();
    const prev = i > 0 ? chars[i - 1].toLowerCase() : ' ';
    const atStart = !/\p{L}/u.test(prev);
    let r;
    if (atStart && initialTable[lc] !== undefined) r = initialTable[lc];
    else if (bgnE && lc === 'е' && (atStart || VOWELS_CYR.includes(prev) || prev === 'ь' || prev === 'ъ')) r = 'ye';
    else if (table[lc] !== undefined) r = table[lc];
    else r = c;
    if (c !== lc && r.length > 0) r = r[0].toUpperCase() + r.slice(1);
    out += r;
  }
  return out;
}
// A whole upper-case word stays upper case (company acronyms such as ООО, ПАО).
function romanizeWords(s, ...rest) {
  return s.split(/(\s+|-)/).map((w) => {
    const r = romanizeCyrillic(w, ...rest);
    return w.length > 1 && w === w.toUpperCase() && /\p{L}/u.test(w) ? r.toUpperCase() : r;
  }).join('');
}
function cyrillicToLatin(name, locale) {
  if (locale.startsWith('uk')) return romanizeWords(name, UK_NAT, UK_INITIAL);
  return rand() < 0.5 ? romanizeWords(name, RU_ICAO) : romanizeWords(name, RU_BGN, {}, true);
}

// Korean: Revised Romanization for given names, the customary spelling for family names.
const KO_INITIALS = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const KO_VOWELS = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const KO_FINALS = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
const KO_SURNAMES = {
  김: 'Kim', 이: 'Lee', 박: 'Park', 최: 'Choi', 정: 'Jung', 강: 'Kang', 조: 'Cho', 윤: 'Yoon',
  장: 'Jang', 임: 'Lim', 한: 'Han', 오: 'Oh', 서: 'Seo', 신: 'Shin', 권: 'Kwon', 황: 'Hwang',
  안: 'Ahn', 송: 'Song', 전: 'Jeon', 홍: 'Hong', 유: 'Yoo', 고: 'Ko', 문: 'Moon', 양: 'Yang',
  손: 'Son', 배: 'Bae', 백: 'Baek', 허: 'Heo', 노: 'Noh', 남: 'Nam', 심: 'Shim', 하: 'Ha',
  곽: 'Kwak', 성: 'Sung', 차: 'Cha', 주: 'Joo', 우: 'Woo', 구: 'Koo', 민: 'Min', 류: 'Ryu',
  나: 'Na', 진: 'Jin', 지: 'Ji', 엄: 'Eom', 채: 'Chae', 원: 'Won', 천: 'Cheon', 방: 'Bang',
  공: 'Kong', 현: 'Hyun', 함: 'Ham', 변: 'Byun', 염: 'Yeom', 여: 'Yeo', 추: 'Choo', 도: 'Do',
  소: 'So', 석: 'Seok', 선: 'Sun', 설: 'Seol', 마: 'Ma', 길: 'Gil', 연: 'Yeon', 표: 'Pyo',
  명: 'Myung', 기: 'Ki', 반: 'Ban', 왕: 'Wang', 금: 'Keum', 옥: 'Ok', 육: 'Yook', 인: 'In',
  맹: 'Maeng', 제: 'Je', 모: 'Mo', 탁: 'Tak', 국: 'Kook', 어: 'Eo', 은: 'Eun', 편: 'Pyeon',
  용: 'Yong', 예: 'Ye', 경: 'Kyung', 봉: 'Bong', 사: 'Sa', 부: 'Boo', 가: 'Ka', 복: 'Bok',
  태: 'Tae', 목: 'Mok', 형: 'Hyung', 피: 'Pi', 두: 'Doo', 감: 'Kam', 음: 'Eum', 빈: 'Bin',
  동: 'Dong', 온: 'On', 호: 'Ho', 범: 'Beom', 승: 'Seung', 상: 'Sang', 갈: 'Gal', 단: 'Dan',
  당: 'Dang', 황보: 'Hwangbo', 남궁: 'Namgoong', 제갈: 'Jegal', 선우: 'Sunwoo', 독고: 'Dokgo',
};
function romanizeHangulSyllable(ch) {
  const code = ch.codePointAt(0) - 0xac00;
  if (code < 0 || code > 11171) return ch;
  return KO_INITIALS[Math.floor(code / 588)] + KO_VOWELS[Math.floor((code % 588) / 28)] + KO_FINALS[code % 28];
}
const cap = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
function koreanToLatin(last, first) {
  const family = KO_SURNAMES[last] ?? cap([...last].map(romanizeHangulSyllable).join(''));
  const syl = [...first].map(romanizeHangulSyllable);
  const joined = cap(syl.join(''));
  const hyphen = cap(syl.join('-'));
  const spaced = syl.map(cap).join(' ');
  const r = rand();
  if (r < 0.4) return `${family} ${hyphen}`;
  if (r < 0.7) return `${joined} ${family}`;
  if (r < 0.85) return `${family} ${joined}`.toUpperCase();
  return `${spaced} ${family}`;
}

// --- drawing names -----------------------------------------------------------------------------

const HAS_ASCII_LETTER = /[A-Za-z]/;
const NON_LATIN = new Set(['ru', 'uk', 'mk', 'el', 'hy', 'ka_GE', 'ko', 'ja', 'zh_CN', 'zh_TW', 'th', 'ar', 'fa', 'ur', 'he', 'dv']);

function personName(locale) {
  const f = fakerFor(locale);
  if (locale === 'ko-Latn') return koreanToLatin(f.person.lastName(), f.person.firstName());
  if (locale === 'ko') return f.person.lastName() + f.person.firstName();
  const sex = rand() < 0.5 ? 'female' : 'male';
  const name = stripTitles(f, f.person.fullName({ sex }));
  if (locale.endsWith('-Latn')) return cyrillicToLatin(name, locale);
  return name;
}

function organizationName(locale) {
  const f = fakerFor(locale);
  const base = locale.replace(/-Latn$/, '');
  // Several locales inherit English patterns ("X, Y and Z", "X Inc"); in a non-Latin script that
  // mix is unrealistic, so draw again.
  for (let tries = 0; tries < 20; tries++) {
    const name = f.company.name().replace(/\s+/g, ' ').trim();
    if (locale.endsWith('-Latn')) return cyrillicToLatin(name, locale);
    if (NON_LATIN.has(base) && HAS_ASCII_LETTER.test(name)) continue;
    return name;
  }
  return null;
}

const seen = new Set();
const lines = [];
let attempts = 0;
while (lines.length < TOTAL) {
  if (++attempts > TOTAL * 5) throw new Error('too many duplicate draws');
  const schema = rand() < ORG_SHARE ? 'Organization' : 'Person';
  const locale = weighted(schema === 'Person' ? PERSON_WEIGHTS : ORG_WEIGHTS);
  const name = schema === 'Person' ? personName(locale) : organizationName(locale);
  if (!name) continue;
  const key = `${schema}\t${name.toLowerCase()}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const id = `pop-${String(lines.length + 1).padStart(6, '0')}`;
  lines.push(JSON.stringify({ id, name, schema, locale }));
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'names.jsonl');
writeFileSync(out, lines.join('\n') + '\n');
console.error(`wrote ${lines.length} names to ${out} (${attempts} draws, seed ${SEED})`);
