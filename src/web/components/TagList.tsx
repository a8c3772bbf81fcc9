import { Badge, Group, Tooltip } from '@mantine/core';

/**
 * How a tag reads: tags are stored as slugs ("khách-tại-cửa-hàng", "quan_tâm_tivi") so filters and
 * imports match them exactly; people read them as words ("Khách tại cửa hàng"). The slug stays the value.
 */
export function tagLabel(tag: string): string {
  const words = tag.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words.charAt(0).toLocaleUpperCase('vi') + words.slice(1) : tag;
}

/** Tags as small outlined chips (their readable label), the first few shown and the rest on hover. */
export function TagList({ tags, max = 3, onTagClick }: { tags: string[]; max?: number; onTagClick?: (tag: string) => void }) {
  if (!tags.length) return null;
  const shown = tags.slice(0, max);
  const rest = tags.slice(max);
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((tag) => (
        <Badge
          tt="none"
          key={tag}
          variant="outline"
          color="gray"
          size="sm"
          fw={500}
          title={tag}
          style={onTagClick ? { cursor: 'pointer' } : undefined}
          onClick={onTagClick ? (e) => (e.stopPropagation(), onTagClick(tag)) : undefined}
        >
          {tagLabel(tag)}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.map(tagLabel).join(', ')} withArrow>
          <Badge tt="none" variant="light" color="gray" size="sm">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
