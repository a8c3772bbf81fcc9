import { Box, Paper, Text } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A small mock of the visitor's view: the open chat panel and the bubble, in the widget's colour and corner. */
export function WidgetPreview({ title, greeting, color, position }: { title: string; greeting: string; color: string; position: 'left' | 'right' }) {
  const { t } = useTranslation('channels');
  const c = HEX.test(color) ? color : '#0b7285';
  const side = position === 'left' ? { left: 12 } : { right: 12 };
  return (
    <Box>
      <Text size="sm" fw={500} mb={4}>
        {t('webchat.preview')}
      </Text>
      <Box
        pos="relative"
        h={250}
        style={{ borderRadius: 'var(--mantine-radius-md)', background: 'repeating-linear-gradient(135deg, #f8f9fa 0 12px, #f1f3f5 12px 24px)', border: '1px solid var(--mantine-color-gray-3)' }}
        data-testid="widget-preview"
      >
        <Paper shadow="md" radius="md" w={200} pos="absolute" style={{ ...side, bottom: 72, overflow: 'hidden' }}>
          <Box px="sm" py={8} style={{ background: c, color: 'white' }}>
            <Text size="sm" fw={600} c="white" truncate>
              {title || ' '}
            </Text>
          </Box>
          <Box p="sm">
            <Text size="xs" p={6} bg="gray.1" style={{ borderRadius: 8 }} lineClamp={3}>
              {greeting || ' '}
            </Text>
          </Box>
        </Paper>
        <Box
          pos="absolute"
          w={48}
          h={48}
          style={{ ...side, bottom: 12, borderRadius: '50%', background: c, display: 'grid', placeItems: 'center', boxShadow: '0 4px 12px rgba(0,0,0,.2)' }}
          data-testid="widget-preview-bubble"
          data-color={c}
        >
          <IconMessageCircle size={26} color="white" stroke={1.8} />
        </Box>
      </Box>
    </Box>
  );
}
