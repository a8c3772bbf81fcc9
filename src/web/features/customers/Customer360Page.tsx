import { Alert, Anchor, Box, Button, Grid, Group, Stack } from '@mantine/core';
import { IconArrowLeft, IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FullPageLoader } from '../../components/FullPageLoader';
import { PageError } from '../../components/PageError';
import { useRealtime } from '../../lib/realtime';
import { AddIdentityModal } from './c360/AddIdentityModal';
import { CustomerHeaderCard } from './c360/CustomerHeaderCard';
import { ChannelReachCard } from './c360/ChannelReachCard';
import { NoticeSubscriptionCard } from '../notices/NoticeSubscriptionCard';
import { CustomerTicketsCard } from './c360/CustomerTicketsCard';
import { CustomerTimeline } from './c360/CustomerTimeline';
import { EditCustomerModal } from './c360/EditCustomerModal';
import { LatestActivityCard } from './c360/LatestActivityCard';
import { MergeHistoryCard } from './c360/MergeHistoryCard';
import { MergeModal } from './c360/MergeModal';
import { NewTicketModal } from './c360/NewTicketModal';
import { NotesCard } from './c360/NotesCard';
import { ProfileFacts } from './c360/ProfileFacts';
import { useCustomer360 } from './customersApi';
import { CustomerSurveysCard } from '../surveys/CustomerSurveysCard';
import { OrdersCard } from './c360/OrdersCard';
import { CrossSellCard } from './c360/CrossSellCard';
import { JourneyStrip } from './c360/JourneyStrip';
import { CustomerValueCard } from '../retention/CustomerValueCard';

type Dialog = 'ticket' | 'edit' | 'identity' | 'merge' | null;

/** /customers/:id — the customer 360: who they are, what happened last, and everything before it. */
export function Customer360Page() {
  const { t } = useTranslation('customers');
  const { id = '' } = useParams();
  const view = useCustomer360(id);
  const [dialog, setDialog] = useState<Dialog>(null);
  useRealtime([id && `customer:${id}`]);

  if (view.isPending) return <FullPageLoader />;
  if (view.isError) return <PageError error={view.error} />;
  const data = view.data;
  const c = data.customer;
  const close = () => setDialog(null);

  return (
    <Box maw={1400} mx="auto">
      <Stack gap="md">
        <Anchor component={Link} to="/customers" size="sm" c="dimmed">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t('actions.back')}
          </Group>
        </Anchor>
        {c.mergedIntoId && (
          <Alert color="grape" variant="light" icon={<IconGitMerge size={18} />}>
            <Group justify="space-between">
              {t('c360.mergedInto')}
              <Button component={Link} to={`/customers/${c.mergedIntoId}`} size="xs" variant="light" color="grape">
                {t('c360.openMerged')}
              </Button>
            </Group>
          </Alert>
        )}
        <CustomerHeaderCard
          data={data}
          onNewTicket={() => setDialog('ticket')}
          onEdit={() => setDialog('edit')}
          onAddIdentity={() => setDialog('identity')}
          onMerge={() => setDialog('merge')}
        />
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <OrdersCard customerId={c.id} />
              <CrossSellCard customerId={c.id} />
              <LatestActivityCard data={data} />
              <JourneyStrip customerId={c.id} />
              <CustomerTimeline customerId={c.id} first={data.timeline} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md">
              <ProfileFacts data={data} />
              <ChannelReachCard data={data} />
              <NoticeSubscriptionCard customerId={data.customer.id} />
              <CustomerValueCard customerId={c.id} />
              <CustomerTicketsCard tickets={data.tickets} />
              <CustomerSurveysCard customerId={c.id} />
              <NotesCard customerId={c.id} notes={data.notes} disabled={!!c.mergedIntoId} />
              <MergeHistoryCard customerId={c.id} />
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
      <NewTicketModal customer={c} opened={dialog === 'ticket'} onClose={close} />
      <EditCustomerModal customer={c} opened={dialog === 'edit'} onClose={close} />
      <AddIdentityModal customerId={c.id} opened={dialog === 'identity'} onClose={close} />
      <MergeModal target={c} opened={dialog === 'merge'} onClose={close} />
    </Box>
  );
}
