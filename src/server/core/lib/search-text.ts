// The one definition lives in src/shared so the web app filters lists exactly as the server searches.
export { toSearchText } from '../../../shared/search-text.js';
