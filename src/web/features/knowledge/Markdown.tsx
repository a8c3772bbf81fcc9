import { List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** **bold** and *italic* inside a line, as React elements (never HTML from the text). */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /\*\*([^*]+)\*\*|\*([^*]+)\*/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[1] ? <strong key={m.index}>{m[1]}</strong> : <em key={m.index}>{m[2]}</em>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/**
 * The small part of markdown articles use: headings, paragraphs, numbered and bulleted lists, bold and
 * italic. Rendered as elements, so an article's text can never inject markup into the page.
 */
export function Markdown({ text }: { text: string }) {
  const blocks = text.replace(/\r\n/g, '\n').split(/\n\s*\n/);
  const out: ReactNode[] = [];
  blocks.forEach((block, bi) => {
    const lines = block.split('\n').filter((l) => l.trim());
    let i = 0;
    while (i < lines.length) {
      const line = lines[i]!;
      const h = /^(#{1,6})\s+(.*)$/.exec(line);
      if (h) {
        out.push(<Title key={`${bi}-${i}`} order={Math.min(6, h[1]!.length + 2) as 3 | 4 | 5 | 6} mt="md" mb={4}>{inline(h[2]!)}</Title>);
        i++;
        continue;
      }
      const isItem = (l: string) => /^\s*(\d+[.)]|[-*])\s+/.test(l);
      if (isItem(line)) {
        const ordered = /^\s*\d/.test(line);
        const items: string[] = [];
        while (i < lines.length && isItem(lines[i]!)) items.push(lines[i++]!.replace(/^\s*(\d+[.)]|[-*])\s+/, ''));
        out.push(
          <List key={`${bi}-${i}`} type={ordered ? 'ordered' : 'unordered'} spacing={4} mb="sm" withPadding>
            {items.map((it, k) => <List.Item key={k}>{inline(it)}</List.Item>)}
          </List>,
        );
        continue;
      }
      const para: string[] = [];
      while (i < lines.length && !isItem(lines[i]!) && !/^#{1,6}\s/.test(lines[i]!)) para.push(lines[i++]!);
      out.push(<Text key={`${bi}-${i}`} mb="sm" style={{ lineHeight: 1.6 }}>{inline(para.join(' '))}</Text>);
    }
  });
  return <div>{out}</div>;
}
