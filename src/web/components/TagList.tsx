import { Badge, Group, Tooltip } from '@mantine/core';

/** Tags as small outlined chips, the first few shown and the rest on hover. */
export function TagList({ tags, max = 3, onTagClick }: { tags: string[]; max?: number; onTagClick?: (tag: string) => void }) {
  if (!tags.length) return null;
  const shown = tags.slice(0, max);
  const rest = tags.slice(max);
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((tag) => (
        <Badge tt="none"
          key={tag}
          variant="outline"
          color="gray"
          size="sm"
         
          fw={500}
          style={onTagClick ? { cursor: 'pointer' } : undefined}
          onClick={onTagClick ? (e) => (e.stopPropagation(), onTagClick(tag)) : undefined}
        >
          {tag}
        </Badge>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join(', ')} withArrow>
          <Badge tt="none" variant="light" color="gray" size="sm">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
