import { Paper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Layer, Rectangle, ResponsiveContainer, Sankey, Tooltip, type SankeyLinkProps, type SankeyNodeProps } from 'recharts';
import type { JourneyReport, JourneyStage } from '../../../shared/journey';
import { stageVar } from './stageStyle';

type Start = JourneyReport['flows'][number]['from'];
interface FlowNode {
  name: string;
  stage: Start;
  side: 'start' | 'end';
  total: number;
}

/** Nodes (start stages on the left, end stages on the right) and links of the flows that have customers. */
export function sankeyData(flows: JourneyReport['flows'], label: (s: Start) => string) {
  const nodes: FlowNode[] = [];
  const index = new Map<string, number>();
  const node = (stage: Start, side: 'start' | 'end') => {
    const key = `${side}:${stage}`;
    let i = index.get(key);
    if (i === undefined) {
      i = nodes.length;
      index.set(key, i);
      nodes.push({ name: label(stage), stage, side, total: 0 });
    }
    return i;
  };
  const order: Start[] = ['new', 'pre_sale', 'in_sale', 'post_sale'];
  const sorted = flows.filter((f) => f.customers > 0).sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from) || order.indexOf(a.to) - order.indexOf(b.to));
  const links = sorted.map((f) => {
    const source = node(f.from, 'start');
    const target = node(f.to, 'end');
    nodes[source]!.total += f.customers;
    nodes[target]!.total += f.customers;
    return { source, target, value: f.customers };
  });
  return { nodes, links };
}

function FlowNodeShape(props: SankeyNodeProps & { small?: boolean }) {
  const { x, y, width, height, payload, small } = props;
  const n = payload as unknown as FlowNode;
  const left = n.side === 'start';
  return (
    <Layer>
      <Rectangle x={x} y={y} width={width} height={height} fill={stageVar(n.stage)} fillOpacity={0.95} />
      <text
        x={left ? x - 8 : x + width + 8}
        y={y + height / 2}
        textAnchor={left ? 'end' : 'start'}
        dominantBaseline="middle"
        fontSize={small ? 11 : 13}
        fill="var(--mantine-color-text)"
        fontWeight={600}
      >
        {n.name} · {n.total.toLocaleString('vi-VN')}
      </text>
    </Layer>
  );
}

function FlowLinkShape(props: SankeyLinkProps) {
  const { sourceX, targetX, sourceY, targetY, sourceControlX, targetControlX, linkWidth, payload } = props;
  const to = (payload.target as unknown as FlowNode).stage as JourneyStage;
  return (
    <path
      d={`M${sourceX},${sourceY}C${sourceControlX},${sourceY} ${targetControlX},${targetY} ${targetX},${targetY}`}
      fill="none"
      stroke={stageVar(to, 4)}
      strokeOpacity={0.45}
      strokeWidth={Math.max(linkWidth, 1)}
    />
  );
}

/** The moves between stages over the period as a Sankey: stage at the start → stage at the end. */
export function JourneyFlow({ flows }: { flows: JourneyReport['flows'] }) {
  const { t } = useTranslation('journey');
  const data = sankeyData(flows, (s) => t(`stage.${s}`));
  // On a phone the labels get less room on each side.
  const small = useMediaQuery('(max-width: 36em)') ?? false;
  // Labels sit outside the nodes (start stages on the left, end stages on the right).
  const side = small ? 96 : 150;
  return (
    <Paper p="lg" radius="md" data-testid="journey-flow">
      <Title order={4}>{t('page.flow')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('page.flowHint')}
      </Text>
      {data.links.length === 0 ? (
        <Text c="dimmed">{t('page.empty')}</Text>
      ) : (
        <ResponsiveContainer width="100%" height={320}>
          <Sankey
            data={data}
            node={(p: SankeyNodeProps) => <FlowNodeShape {...p} small={small} />}
            link={FlowLinkShape}
            nodePadding={28}
            nodeWidth={small ? 8 : 12}
            margin={{ top: 10, right: side, bottom: 10, left: side }}
            sort={false}
          >
            <Tooltip formatter={(v) => Number(v).toLocaleString('vi-VN')} />
          </Sankey>
        </ResponsiveContainer>
      )}
    </Paper>
  );
}
