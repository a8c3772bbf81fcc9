import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The variables the server fills in a canned reply, with their label key. */
export const TEMPLATE_VARIABLES = [
  ['customer.salutation', 'customerSalutation'],
  ['customer.pronoun', 'customerPronoun'],
  ['customer.name', 'customerName'],
  ['customer.first_name', 'customerFirstName'],
  ['customer.phone', 'customerPhone'],
  ['customer.email', 'customerEmail'],
  ['agent.first_name', 'agentFirstName'],
  ['agent.name', 'agentName'],
  ['ticket.number', 'ticketNumber'],
  ['ticket.subject', 'ticketSubject'],
  ['workspace.name', 'workspaceName'],
] as const;

/** Clickable {{variable}} chips; a click inserts the variable at the cursor. */
export function VariableHints({ onInsert }: { onInsert: (token: string) => void }) {
  const { t } = useTranslation('settings');
  return (
    <div>
      <Text size="xs" c="dimmed" mb={6}>
        {t('canned.variables')}
      </Text>
      <Group gap={6}>
        {TEMPLATE_VARIABLES.map(([name, label]) => (
          <Tooltip key={name} label={t(`canned.var.${label}`)} withArrow>
            <Badge tt="none"
              component="button"
              type="button"
              variant="outline"
              color="gray"
             
              ff="monospace"
              style={{ cursor: 'pointer' }}
              onClick={() => onInsert(`{{${name}}}`)}
            >
              {`{{${name}}}`}
            </Badge>
          </Tooltip>
        ))}
      </Group>
    </div>
  );
}
