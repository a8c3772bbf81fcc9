import { Text } from '@mantine/core';
import { Fragment } from 'react';

/** A template body with its {{variables}} highlighted, so an agent sees what gets filled in. */
export function TemplateText({ body, lineClamp }: { body: string; lineClamp?: number }) {
  const parts = body.split(/(\{\{\s*[\w.]+\s*\}\})/g);
  return (
    <Text size="sm" c="dimmed" lineClamp={lineClamp} style={{ whiteSpace: 'pre-wrap' }}>
      {parts.map((p, i) =>
        /^\{\{/.test(p) ? (
          <Text key={i} span c="brand.8" ff="monospace" fz="xs" bg="brand.0" px={3} style={{ borderRadius: 4 }}>
            {p}
          </Text>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </Text>
  );
}
