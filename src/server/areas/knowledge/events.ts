/** The knowledge base's events: an article or category saved or removed, the help centre's settings changed. */
declare module '../../core/events/types.js' {
  interface EventCatalog {
    'kb_article.saved': { subject: 'kb_article'; data: { title: string; lang: string; status: string; created: boolean } };
    'kb_article.deleted': { subject: 'kb_article'; data: { title: string } };
    'kb_category.saved': { subject: 'kb_category'; data: { name: string; created: boolean } };
    'kb_category.deleted': { subject: 'kb_category'; data: { name: string } };
    'help_centre.saved': { subject: 'workspace'; data: { slug: string; enabled: boolean } };
  }
}
export {};
