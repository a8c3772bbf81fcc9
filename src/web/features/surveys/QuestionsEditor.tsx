import { ActionIcon, Badge, Button, Checkbox, Group, Menu, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText, SurveyQuestion } from '../../../shared/surveys';

type Kind = SurveyQuestion['kind'];
const CUSTOM_KINDS: Kind[] = ['rating', 'choice', 'text'];

interface Props {
  questions: SurveyQuestion[];
  /** Custom surveys: questions can be added, removed, reordered and change kind. Built-in: texts only. */
  custom: boolean;
  onChange: (questions: SurveyQuestion[]) => void;
}

/** A fresh id that no question of the survey uses yet. */
function nextId(questions: SurveyQuestion[]): string {
  let n = questions.length + 1;
  while (questions.some((q) => q.id === `q${n}`)) n++;
  return `q${n}`;
}

/** Side-by-side Vietnamese and English inputs for one text. */
function LocalizedInputs({ value, onChange, label, testId }: { value: LocalizedText; onChange: (v: LocalizedText) => void; label: string; testId: string }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      <TextInput label={`${label} · Tiếng Việt`} value={value.vi} onChange={(e) => onChange({ ...value, vi: e.currentTarget.value })} required data-testid={`${testId}-vi`} />
      <TextInput label={`${label} · English`} value={value.en} onChange={(e) => onChange({ ...value, en: e.currentTarget.value })} required data-testid={`${testId}-en`} />
    </SimpleGrid>
  );
}

/** The questions of a template: texts in both languages; for custom surveys the full editor. */
export function QuestionsEditor({ questions, custom, onChange }: Props) {
  const { t } = useTranslation('surveys');
  const update = (i: number, patch: Partial<SurveyQuestion>) => onChange(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...questions];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const add = (kind: Kind) =>
    onChange([
      ...questions,
      {
        id: nextId(questions),
        kind,
        required: false,
        text: { vi: '', en: '' },
        ...(kind === 'rating' ? { max: 5 } : {}),
        ...(kind === 'choice' ? { options: [{ value: 'a', label: { vi: '', en: '' } }, { value: 'b', label: { vi: '', en: '' } }] } : {}),
      },
    ]);
  const setKind = (i: number, kind: Kind) =>
    update(i, { kind, max: kind === 'rating' ? questions[i].max ?? 5 : undefined, options: kind === 'choice' ? questions[i].options ?? [{ value: 'a', label: { vi: '', en: '' } }] : undefined });

  return (
    <Stack gap="sm">
      {questions.map((q, i) => (
        <Paper key={q.id} withBorder radius="md" p="sm" data-testid={`question-${i}`}>
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {t('questions.number', { n: i + 1 })}
              </Text>
              {custom ? (
                <Group gap={4}>
                  {CUSTOM_KINDS.map((k) => (
                    <Badge key={k} size="sm" variant={q.kind === k ? 'filled' : 'outline'} color={q.kind === k ? 'blue' : 'gray'} style={{ cursor: 'pointer' }} onClick={() => setKind(i, k)}>
                      {t(`questions.kinds.${k}`)}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Badge size="sm" variant="light">
                  {t(`questions.kinds.${q.kind}`)}
                </Badge>
              )}
            </Group>
            {custom && (
              <Group gap={2} wrap="nowrap">
                <Tooltip label={t('questions.up')}>
                  <ActionIcon variant="subtle" color="gray" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('questions.up')}>
                    <IconArrowUp size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('questions.down')}>
                  <ActionIcon variant="subtle" color="gray" disabled={i === questions.length - 1} onClick={() => move(i, 1)} aria-label={t('questions.down')}>
                    <IconArrowDown size={16} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t('questions.remove')}>
                  <ActionIcon variant="subtle" color="red" disabled={questions.length === 1} onClick={() => onChange(questions.filter((_, j) => j !== i))} aria-label={t('questions.remove')}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            )}
          </Group>
          <Stack gap="xs">
            <LocalizedInputs label={t('questions.text')} value={q.text} onChange={(text) => update(i, { text })} testId={`question-${i}-text`} />
            {custom && (
              <Group gap="lg" align="flex-end">
                <Checkbox label={t('questions.required')} checked={q.required} onChange={(e) => update(i, { required: e.currentTarget.checked })} />
                {q.kind === 'rating' && (
                  <NumberInput label={t('questions.max')} value={q.max ?? 5} min={2} max={10} w={140} onChange={(v) => update(i, { max: typeof v === 'number' ? v : 5 })} />
                )}
              </Group>
            )}
            {custom && q.kind === 'choice' && (
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {t('questions.options')}
                </Text>
                {(q.options ?? []).map((o, k) => (
                  <Group key={k} gap="xs" align="flex-end" wrap="nowrap">
                    <div style={{ flex: 1 }}>
                      <LocalizedInputs
                        label={t('questions.option', { n: k + 1 })}
                        value={o.label}
                        onChange={(label) => update(i, { options: (q.options ?? []).map((x, m) => (m === k ? { ...x, label } : x)) })}
                        testId={`question-${i}-option-${k}`}
                      />
                    </div>
                    <ActionIcon variant="subtle" color="red" mb={6} disabled={(q.options ?? []).length <= 2} onClick={() => update(i, { options: (q.options ?? []).filter((_, m) => m !== k) })} aria-label={t('questions.removeOption')}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  size="xs"
                  variant="subtle"
                  leftSection={<IconPlus size={14} />}
                  style={{ alignSelf: 'flex-start' }}
                  disabled={(q.options ?? []).length >= 20}
                  onClick={() => {
                    const used = new Set((q.options ?? []).map((x) => x.value));
                    let n = (q.options ?? []).length + 1;
                    while (used.has(`o${n}`)) n++;
                    update(i, { options: [...(q.options ?? []), { value: `o${n}`, label: { vi: '', en: '' } }] });
                  }}
                >
                  {t('questions.addOption')}
                </Button>
              </Stack>
            )}
          </Stack>
        </Paper>
      ))}
      {custom && (
        <Menu position="bottom-start">
          <Menu.Target>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} data-testid="add-question">
              {t('questions.add')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {CUSTOM_KINDS.map((k) => (
              <Menu.Item key={k} onClick={() => add(k)}>
                {t(`questions.kinds.${k}`)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </Stack>
  );
}

/** The first question whose texts (or option labels) are not filled in both languages, or -1. */
export function firstIncomplete(questions: SurveyQuestion[]): number {
  const filled = (l: LocalizedText) => l.vi.trim() !== '' && l.en.trim() !== '';
  return questions.findIndex((q) => !filled(q.text) || (q.kind === 'choice' && ((q.options ?? []).length < 2 || !(q.options ?? []).every((o) => filled(o.label)))));
}
