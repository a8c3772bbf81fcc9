import { Fragment, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { highlightParts } from '../../shared/search-text';

/**
 * `text` with the words that matched `query` marked, folded the way the server searches (accents,
 * capitals and tone placement ignored): "dieu hoa" marks "điều hòa" and "ĐIỀU HOÀ". Renders the
 * plain text when there is no query; fits inside any Text (inline <mark> elements only).
 */
export function Highlight({ text, query }: { text: string; query: string | null | undefined }) {
  const parts = useMemo(() => (query?.trim() ? highlightParts(text, query) : null), [text, query]);
  if (!parts) return <>{text}</>;
  return (
    <>
      {parts.map((p, i) =>
        p.match ? (
          <mark key={i} data-testid="search-highlight" style={{ background: 'var(--mantine-color-yellow-2)', color: 'inherit', borderRadius: 2, padding: '0 1px' }}>
            {p.text}
          </mark>
        ) : (
          <Fragment key={i}>{p.text}</Fragment>
        ),
      )}
    </>
  );
}

/** Highlight for the search typed into the page's `q` URL parameter (the inbox and list search boxes). */
export function SearchHighlight({ text }: { text: string }) {
  const [params] = useSearchParams();
  return <Highlight text={text} query={params.get('q')} />;
}
