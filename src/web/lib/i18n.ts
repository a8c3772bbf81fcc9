import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Translations live in src/web/i18n/<lang>/<namespace>.json; every file found there is loaded, so a new
 * namespace needs no change here. Vietnamese is the default; the choice is kept in localStorage.
 */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'tantam.lang';

const files = import.meta.glob<{ default: Record<string, unknown> }>('../i18n/*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, mod] of Object.entries(files)) {
  const m = /i18n\/(\w+)\/([\w-]+)\.json$/.exec(file);
  if (!m) continue;
  (resources[m[1]] ??= {})[m[2]] = mod.default;
}

/** The language saved on this browser, if any. */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'vi' || v === 'en' ? v : null;
  } catch {
    return null;
  }
}

/** Switches the UI language and remembers it on this browser. */
export function setLanguage(lang: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** The language currently shown. */
export const currentLanguage = (): Language => (i18n.language?.startsWith('en') ? 'en' : 'vi');

void i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage() ?? 'vi',
  fallbackLng: 'vi',
  ns: Object.keys(resources.vi ?? {}),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
