import { Paper, SegmentedControl, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSAT_LABELS, type LocalizedText } from '../../../shared/surveys';

/** How the customer sees the CSAT question: the five labelled levels, best first, in either language. */
export function CsatPreview({ question }: { question?: LocalizedText }) {
  const { t, i18n } = useTranslation('surveys');
  const [lang, setLang] = useState<'vi' | 'en'>(i18n.language?.startsWith('en') ? 'en' : 'vi');
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-gray-0)" data-testid="csat-preview">
      <Stack gap="sm">
        <SegmentedControl
          size="xs"
          value={lang}
          onChange={(v) => setLang(v as 'vi' | 'en')}
          data={[
            { value: 'vi', label: 'Tiếng Việt' },
            { value: 'en', label: 'English' },
          ]}
          style={{ alignSelf: 'flex-start' }}
          aria-label={t('editor.previewLanguage')}
        />
        {question && (
          <Text fw={600} size="sm">
            {question[lang]}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, xs: 5 }} spacing={6}>
          {([5, 4, 3, 2, 1] as const).map((s) => (
            <UnstyledButton key={s} tabIndex={-1} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, background: 'white', padding: '8px 4px', textAlign: 'center' }}>
              <Text size="xs" c="yellow.6" lh={1}>
                {Array.from({ length: s }, (_, i) => (
                  <IconStarFilled key={i} size={11} />
                ))}
              </Text>
              <Text size="xs" fw={600} mt={4}>
                {CSAT_LABELS[lang][s]}
              </Text>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
