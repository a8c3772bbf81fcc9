import { ColorInput, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChannelAccountDto } from '../../../../shared/channels';
import { readConfig } from './accountConfig';
import { WidgetPreview } from './WidgetPreview';
import type { KindFieldsProps, KindForm } from './types';

const RULES = ['off', 'optional', 'required'] as const;
type Rule = (typeof RULES)[number];

export interface WebchatForm {
  title: string;
  greeting: string;
  color: string;
  language: 'vi' | 'en';
  position: 'right' | 'left';
  allowedOrigins: string[];
  preName: Rule;
  prePhone: Rule;
  preEmail: Rule;
  abandonAfterSeconds: number | string;
  maxUploadMb: number | string;
}

function init(account?: ChannelAccountDto): WebchatForm {
  const c = readConfig(account?.config);
  const pre = c.at('preChat');
  return {
    title: c.str('title') ?? 'Chat với chúng tôi',
    greeting: c.str('greeting') ?? 'Xin chào! Chúng tôi có thể giúp gì cho anh/chị?',
    color: c.str('color') ?? '#0b7285',
    language: c.str('language') === 'en' ? 'en' : 'vi',
    position: c.str('position') === 'left' ? 'left' : 'right',
    allowedOrigins: c.strings('allowedOrigins') ?? [],
    preName: pre.oneOf('name', RULES) ?? 'optional',
    prePhone: pre.oneOf('phone', RULES) ?? 'optional',
    preEmail: pre.oneOf('email', RULES) ?? 'off',
    abandonAfterSeconds: c.num('abandonAfterSeconds') ?? 120,
    maxUploadMb: c.num('maxUploadMb') ?? 5,
  };
}

function toInput(f: WebchatForm) {
  return {
    config: {
      title: f.title.trim(),
      greeting: f.greeting.trim(),
      color: f.color.trim().toLowerCase(),
      language: f.language,
      position: f.position,
      // Origins are compared exactly by the server: "https://shop.vn/" must be "https://shop.vn".
      allowedOrigins: f.allowedOrigins.map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
      preChat: { name: f.preName, phone: f.prePhone, email: f.preEmail },
      abandonAfterSeconds: f.abandonAfterSeconds === '' ? 120 : Number(f.abandonAfterSeconds),
      maxUploadMb: f.maxUploadMb === '' ? 5 : Number(f.maxUploadMb),
    },
  };
}

/** One pre-chat field: not asked, optional, or required. */
function RuleControl({ label, value, onChange, testId }: { label: string; value: Rule; onChange: (v: Rule) => void; testId: string }) {
  const { t } = useTranslation('channels');
  return (
    <Group justify="space-between" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <SegmentedControl
        size="xs"
        value={value}
        onChange={(v) => onChange(v as Rule)}
        data={(['off', 'optional', 'required'] as const).map((r) => ({ value: r, label: t(`webchat.rule.${r}`) }))}
        data-testid={testId}
      />
    </Group>
  );
}

/** Chat widget settings, with a live preview of the bubble in the chosen colour and corner. */
function WebchatFields({ form: f, set, errors }: KindFieldsProps<WebchatForm>) {
  const { t } = useTranslation('channels');
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Stack gap="sm">
          <TextInput label={t('webchat.title')} required name="title" value={f.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} />
          <Textarea label={t('webchat.greeting')} name="greeting" autosize minRows={2} maxRows={4} value={f.greeting} onChange={(e) => set({ greeting: e.currentTarget.value })} error={errors.greeting} />
          <ColorInput
            label={t('webchat.color')}
            format="hex"
            name="color"
            value={f.color}
            onChange={(v) => set({ color: v })}
            swatches={['#0b7285', '#1c7ed6', '#2f9e44', '#e8590c', '#c2255c', '#5f3dc4', '#212529']}
            error={errors.color}
          />
          <Group grow>
            <Select
              label={t('webchat.language')}
              value={f.language}
              onChange={(v) => v && set({ language: v as WebchatForm['language'] })}
              data={[
                { value: 'vi', label: 'Tiếng Việt' },
                { value: 'en', label: 'English' },
              ]}
              allowDeselect={false}
            />
            <Select
              label={t('webchat.position')}
              value={f.position}
              onChange={(v) => v && set({ position: v as WebchatForm['position'] })}
              data={[
                { value: 'right', label: t('webchat.right') },
                { value: 'left', label: t('webchat.left') },
              ]}
              allowDeselect={false}
            />
          </Group>
        </Stack>
        <WidgetPreview title={f.title} greeting={f.greeting} color={f.color} position={f.position} />
      </SimpleGrid>

      <Text size="sm" fw={500} mt="xs">
        {t('webchat.preChat')}
      </Text>
      <Stack gap={6} px="xs">
        <RuleControl label={t('webchat.preName')} value={f.preName} onChange={(v) => set({ preName: v })} testId="prechat-name" />
        <RuleControl label={t('webchat.prePhone')} value={f.prePhone} onChange={(v) => set({ prePhone: v })} testId="prechat-phone" />
        <RuleControl label={t('webchat.preEmail')} value={f.preEmail} onChange={(v) => set({ preEmail: v })} testId="prechat-email" />
      </Stack>

      <TagsInput
        label={t('webchat.allowedOrigins')}
        description={t('webchat.allowedOriginsHint')}
        placeholder="https://cuahang.vn"
        value={f.allowedOrigins}
        onChange={(v) => set({ allowedOrigins: v })}
        error={errors.allowedOrigins ?? Object.entries(errors).find(([k]) => k.startsWith('allowedOrigins.'))?.[1]}
        splitChars={[',', ' ']}
        clearable
      />
      <Group grow align="flex-start">
        <NumberInput
          label={t('webchat.abandonAfter')}
          description={t('webchat.abandonAfterHint')}
          min={10}
          max={3600}
          suffix={` ${t('webchat.seconds')}`}
          value={f.abandonAfterSeconds}
          onChange={(v) => set({ abandonAfterSeconds: v })}
          error={errors.abandonAfterSeconds}
        />
        <NumberInput
          label={t('webchat.maxUpload')}
          description={t('webchat.maxUploadHint')}
          min={1}
          max={10}
          suffix=" MB"
          value={f.maxUploadMb}
          onChange={(v) => set({ maxUploadMb: v })}
          error={errors.maxUploadMb}
        />
      </Group>
    </Stack>
  );
}

export const webchatForm: KindForm<WebchatForm> = { init, toInput, Fields: WebchatFields, defaultName: (f) => f.title.trim() };
