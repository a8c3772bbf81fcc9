import { Box, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fillNoticeTemplate, NOTICE_STATUS_WORDS, NOTICE_VARIABLES, type NoticeLanguage, type NoticeStatus } from '../../../shared/notices';

/** A sample order for the preview (what a shop selling appliances would send). */
function sampleValues(status: NoticeStatus, lang: NoticeLanguage): Record<string, string> {
  return {
    customer_name: 'Nguyễn Thị Lan',
    order_code: 'DH10245',
    status: NOTICE_STATUS_WORDS[lang][status],
    total: '12.490.000 ₫',
    items: lang === 'vi' ? 'Máy giặt LG 9kg × 1, Kệ máy giặt × 1' : 'LG 9kg washing machine × 1, Washer stand × 1',
    carrier: 'Giao Hàng Tiết Kiệm',
    tracking: 'S22841.SG01.A7.123456',
    order_date: '02/12/2026',
    delivery_date: '05/12/2026',
    shop_name: 'Điện máy Kim Sơn',
  };
}

const FOOTER: Record<NoticeLanguage, string> = {
  vi: '(Trả lời HUY để ngừng nhận thông báo đơn hàng.)',
  en: '(Reply STOP to stop order updates.)',
};

interface Props {
  status: NoticeStatus;
  value: { vi: string; en: string };
  onChange(value: { vi: string; en: string }): void;
  disabled?: boolean;
}

/** One status's templates: vi/en, variable chips that insert at the cursor, and a live preview. */
export function TemplateEditor({ status, value, onChange, disabled }: Props) {
  const { t } = useTranslation('notices');
  const [lang, setLang] = useState<NoticeLanguage>('vi');
  const area = useRef<HTMLTextAreaElement>(null);
  const text = value[lang];

  const insert = (name: string) => {
    const el = area.current;
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    onChange({ ...value, [lang]: text.slice(0, start) + token + text.slice(end) });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const preview = fillNoticeTemplate(text, sampleValues(status, lang));
  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        value={lang}
        onChange={(v) => setLang(v as NoticeLanguage)}
        data={[
          { value: 'vi', label: t('lang.vi') },
          { value: 'en', label: t('lang.en') },
        ]}
        w={{ base: '100%', xs: 'auto' }}
        style={{ alignSelf: 'flex-start' }}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap={6}>
          <Textarea
            ref={area}
            aria-label={`${t(`status.${status}`)} · ${t(`lang.${lang}`)}`}
            value={text}
            onChange={(e) => onChange({ ...value, [lang]: e.currentTarget.value })}
            autosize
            minRows={4}
            maxRows={10}
            disabled={disabled}
            error={text.trim() === '' ? t('templateRequired') : undefined}
          />
          <Text size="xs" c="dimmed">
            {t('variables')}
          </Text>
          <Group gap={6}>
            {NOTICE_VARIABLES.map((v) => (
              <Button key={v} size="compact-xs" variant="light" radius="xl" disabled={disabled} onClick={() => insert(v)} title={`{{${v}}}`}>
                {t(`variable.${v}`)}
              </Button>
            ))}
          </Group>
        </Stack>
        <Box>
          <Text size="xs" c="dimmed" mb={6}>
            {t('preview')} · {t('previewHint')}
          </Text>
          <Paper p="sm" radius="lg" bg="brand.0" maw={420} data-testid={`notice-preview-${status}`}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {preview}
              {'\n\n'}
              <Text span size="xs" c="dimmed">
                {FOOTER[lang]}
              </Text>
            </Text>
          </Paper>
        </Box>
      </SimpleGrid>
    </Stack>
  );
}
