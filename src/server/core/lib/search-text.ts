// The one definition lives in src/shared so the web app filters lists exactly as the server searches.
export { toSearchText } from '../../../shared/search-text.js';

/** A text for a LIKE pattern: its own %, _ and backslash match themselves (backslash is LIKE's default escape). */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
