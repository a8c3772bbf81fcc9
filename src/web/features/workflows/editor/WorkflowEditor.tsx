import { ActionIcon, Alert, Anchor, Badge, Box, Button, Drawer, Group, Paper, ScrollArea, Skeleton, Switch, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useHotkeys, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAdjustments,
  IconArrowBackUp,
  IconArrowForwardUp,
  IconArrowLeft,
  IconDeviceFloppy,
  IconEye,
  IconLayoutDistributeHorizontal,
  IconListDetails,
  IconPlus,
  IconRocket,
} from '@tabler/icons-react';
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { WORKFLOW_ACTIONS } from '../../../../shared/workflow-actions';
import { TRIGGER_INFO, validateGraph, type NodeKind, type TriggerType, type WorkflowGraph } from '../../../../shared/workflows';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { PageError, errorMessage } from '../../../components/PageError';
import { formatDateTime } from '../../../lib/format';
import { useMe } from '../../../lib/session';
import { useCatalog, useRestoreVersion, useSaveDraft, useWorkflow, useWorkflowAction, useWorkflowVersion, validateGraph as validateOnServer, type Catalog, type CatalogEntry, type Problem, type TestRunResult, type WorkflowDetail } from '../workflowsApi';
import { SubjectContext } from './ConditionEditor';
import { autoLayout, canConnect, flowEdge, fromFlow, nextId, NODE_H, NODE_W, outputHandles, toFlow, type WfEdge, type WfNode } from './graphModel';
import { initHistory, record, redo, undo, type History } from './history';
import { NodePanel } from './NodePanel';
import { CanvasDecorContext, KIND_STYLE, nodeTypes, type CanvasDecor } from './nodes';
import { DND_MIME, Palette } from './Palette';
import { emptyValue, missingRequired } from './SchemaForm';
import { TestRunPanel } from './TestRunPanel';
import { VersionsPanel } from './VersionsPanel';
import { useTypeText } from './typeText';

/** /workflows/:id — the canvas of one workflow. */
export function WorkflowEditorPage() {
  const { id = '' } = useParams();
  const wf = useWorkflow(id);
  const catalog = useCatalog();
  if (wf.isError) return <PageError error={wf.error} />;
  if (catalog.isError) return <PageError error={catalog.error} />;
  if (!wf.data || !catalog.data) return <Skeleton h={600} />;
  return (
    <ReactFlowProvider>
      <Editor key={wf.data.workflow.id} detail={wf.data} catalog={catalog.data} />
    </ReactFlowProvider>
  );
}

type PanelTab = 'node' | 'problems' | 'test' | 'versions';

function Editor({ detail, catalog }: { detail: WorkflowDetail; catalog: Catalog }) {
  const { t } = useTranslation('workflows');
  const typeText = useTypeText();
  const me = useMe();
  const canManage = ['admin', 'supervisor'].includes(me.data?.actor.role ?? '');
  const narrow = useMediaQuery('(max-width: 62em)') ?? false;
  const wfId = detail.workflow.id;
  const rf = useReactFlow();

  const start = toFlow(detail.draft.graph);
  const [nodes, setNodes] = useState<WfNode[]>(start.nodes);
  const [edges, setEdges] = useState<WfEdge[]>(start.edges);
  const [hist, setHist] = useState<History>(() => initHistory(detail.draft.graph));
  const [saved, setSaved] = useState(() => JSON.stringify(detail.draft.graph));
  const [name, setName] = useState(detail.workflow.name);
  const [tab, setTab] = useState<PanelTab>('problems');
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [panelOpen, setPanelOpen] = useState(false);
  const [testRun, setTestRun] = useState<TestRunResult | null>(null);
  const [serverProblems, setServerProblems] = useState<Problem[] | null>(null);

  const saveDraft = useSaveDraft(wfId);
  const act = useWorkflowAction(wfId);
  const restore = useRestoreVersion(wfId);

  // An earlier version opened read-only (?version=N): its own nodes, selectable to read their settings.
  const [params, setParams] = useSearchParams();
  const viewNumber = Number(params.get('version')) || null;
  const versionQ = useWorkflowVersion(wfId, viewNumber);
  const [view, setView] = useState<{ version: number; nodes: WfNode[]; edges: WfEdge[] } | null>(null);
  const viewed = viewNumber !== null && versionQ.data?.version === viewNumber ? versionQ.data : null;
  // The version's nodes are state (their selection changes); they are reset when another version opens.
  const [viewedShown, setViewedShown] = useState<typeof viewed>(null);
  if (viewed !== viewedShown) {
    setViewedShown(viewed);
    setView(viewed ? { version: viewed.version, ...toFlow(viewed.graph) } : null);
    if (viewed) setTab('versions');
  }
  useEffect(() => {
    requestAnimationFrame(() => void rf.fitView({ padding: 0.2, maxZoom: 1 }));
  }, [view?.version, rf]);
  const openVersion = (v: number | null) => {
    setParams(v === null ? {} : { version: String(v) }, { replace: true });
    setPanelOpen(false);
  };
  const [restoring, setRestoring] = useState<number | null>(null);
  async function restoreVersion(v: number) {
    try {
      const d = await restore.mutateAsync(v);
      const f = toFlow(d.draft.graph);
      setNodes(f.nodes);
      setEdges(f.edges);
      setSaved(JSON.stringify(fromFlow(f.nodes, f.edges)));
      setHist((h) => record(h, d.draft.graph));
      setServerProblems(null);
      setTestRun(null);
      setRestoring(null);
      openVersion(null);
      setTab('problems');
      notifications.show({ color: 'green', message: t('versions.restored', { version: v }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  }
  const readOnly = !canManage || view !== null;

  const graph = useMemo(() => fromFlow(nodes, edges), [nodes, edges]);
  const graphJson = JSON.stringify(graph);
  const dirty = graphJson !== saved || name !== detail.workflow.name;
  const entries = useMemo(() => new Map(catalog.entries.map((e) => [`${e.kind}:${e.type}`, e])), [catalog]);
  const entryOf = useCallback((kind: NodeKind, type: string) => entries.get(`${kind}:${type}`), [entries]);
  const trigger = nodes.find((n) => n.data.kind === 'trigger');
  const subject = trigger && Object.hasOwn(TRIGGER_INFO, trigger.data.type) ? TRIGGER_INFO[trigger.data.type as TriggerType].subject : null;

  // Live validation: the shared rules, the same the server applies at publish.
  const live = useMemo(() => validateGraph(graph, WORKFLOW_ACTIONS), [graph]);
  const problems = serverProblems ?? live.problems;
  const problemsByNode = useMemo(() => {
    const m = new Map<string, Problem[]>();
    for (const p of problems) {
      const id = p.nodeId ?? (p.edgeId ? edges.find((e) => e.id === p.edgeId)?.source : undefined);
      if (id) m.set(id, [...(m.get(id) ?? []), p]);
    }
    return m;
  }, [problems, edges]);
  const problemText = useCallback((p: Problem) => t(`problems.${p.code}`, { ...p.params, defaultValue: p.code }), [t]);

  const decor = useMemo<CanvasDecor>(() => {
    const run = testRun
      ? {
          path: new Set(testRun.path),
          steps: new Map(testRun.steps.map((s) => [s.nodeId, s])),
          failed: new Set(testRun.steps.filter((s) => s.error).map((s) => s.nodeId)),
        }
      : null;
    if (view) return { typeLabel: typeText.label, problems: new Map(), problemText, run: null };
    return { typeLabel: typeText.label, problems: problemsByNode, problemText, run };
  }, [testRun, typeText.label, problemsByNode, problemText, view]);

  // ── history ──
  const commit = (nextNodes: WfNode[], nextEdges: WfEdge[], key: string | null = null) => {
    setHist((h) => record(h, fromFlow(nextNodes, nextEdges), key));
    setServerProblems(null);
  };
  const applyGraph = (g: WorkflowGraph) => {
    const f = toFlow(g, nodes);
    setNodes(f.nodes);
    setEdges(f.edges);
    setServerProblems(null);
  };
  const doUndo = () => {
    if (!hist.past.length || view) return;
    const h = undo(hist);
    setHist(h);
    applyGraph(h.present);
  };
  const doRedo = () => {
    if (!hist.future.length || view) return;
    const h = redo(hist);
    setHist(h);
    applyGraph(h.present);
  };
  useHotkeys([
    ['mod+Z', doUndo],
    ['mod+shift+Z', doRedo],
    ['mod+Y', doRedo],
    ['mod+S', () => void save()],
  ]);

  // ── canvas events ──
  const onNodesChange = (changes: NodeChange<WfNode>[]) => {
    if (view) {
      // Read-only: only selection (to read a node's settings) and measuring apply.
      const kept = changes.filter((c) => c.type === 'select' || c.type === 'dimensions');
      setView({ ...view, nodes: applyNodeChanges(kept, view.nodes) });
      if (kept.some((c) => c.type === 'select' && c.selected)) {
        setTab('node');
        if (narrow) setPanelOpen(true);
      }
      return;
    }
    const next = applyNodeChanges(changes, nodes);
    setNodes(next);
    const selected = changes.find((c) => c.type === 'select' && c.selected);
    if (selected) {
      setTab('node');
      if (narrow) setPanelOpen(true);
    }
  };
  const onEdgesChange = (changes: EdgeChange<WfEdge>[]) => setEdges((es) => applyEdgeChanges(changes, es));
  const onConnect = (c: Connection) => {
    if (view || !canConnect(nodes, edges, c)) return;
    const next = addEdge(flowEdge(nextId('e', edges.map((e) => e.id)), c.source, c.target, c.sourceHandle ?? 'out'), edges);
    setEdges(next);
    commit(nodes, next);
  };
  const onDelete = ({ nodes: goneN, edges: goneE }: { nodes: WfNode[]; edges: WfEdge[] }) => {
    const gn = new Set(goneN.map((n) => n.id));
    const ge = new Set(goneE.map((e) => e.id));
    commit(
      nodes.filter((n) => !gn.has(n.id)),
      edges.filter((e) => !ge.has(e.id) && !gn.has(e.source) && !gn.has(e.target)),
    );
  };
  const onNodeDragStop = (_: unknown, __: WfNode, moved: WfNode[]) => {
    const pos = new Map(moved.map((n) => [n.id, n.position]));
    commit(
      nodes.map((n) => (pos.has(n.id) ? { ...n, position: pos.get(n.id)! } : n)),
      edges,
    );
  };

  /** A new node of a palette entry at `position`, connected from `from` (its first free handle) when given. */
  const addNode = (e: CatalogEntry, position: { x: number; y: number }, from?: WfNode) => {
    if (view) return;
    if (e.kind === 'trigger' && trigger) {
      notifications.show({ color: 'yellow', message: t('editor.oneTrigger') });
      return;
    }
    const id = nextId('n', nodes.map((n) => n.id));
    const config = (emptyValue(e.configSchema) ?? {}) as Record<string, unknown>;
    const node: WfNode = { id, type: e.kind, position, data: { kind: e.kind, type: e.type, config }, selected: true };
    const nextNodes = [...nodes.map((n) => ({ ...n, selected: false })), node];
    let nextEdges = edges;
    if (from && e.kind !== 'trigger') {
      const handles = handlesFree(from, edges);
      if (handles[0]) nextEdges = [...edges, flowEdge(nextId('e', edges.map((x) => x.id)), from.id, id, handles[0])];
    }
    setNodes(nextNodes);
    setEdges(nextEdges);
    commit(nextNodes, nextEdges);
    setTab('node');
  };

  const onDragOver = (ev: DragEvent) => {
    if (!ev.dataTransfer.types.includes(DND_MIME)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = 'move';
  };
  const onDrop = (ev: DragEvent) => {
    const raw = ev.dataTransfer.getData(DND_MIME);
    if (!raw || view) return;
    ev.preventDefault();
    const { kind, type } = JSON.parse(raw) as { kind: NodeKind; type: string };
    const entry = entryOf(kind, type);
    if (!entry) return;
    const p = rf.screenToFlowPosition({ x: ev.clientX, y: ev.clientY });
    addNode(entry, { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - 24) });
  };
  /** A click on the palette: below the selected node (connected to it), else below the lowest node. */
  const onPaletteAdd = (e: CatalogEntry) => {
    const sel = nodes.find((n) => n.selected);
    const lowest = nodes.reduce<WfNode | null>((a, n) => (!a || n.position.y > a.position.y ? n : a), null);
    const base = sel ?? lowest;
    const position = base ? { x: base.position.x, y: base.position.y + (base.measured?.height ?? NODE_H) + 70 } : { x: 0, y: 0 };
    addNode(e, position, sel ?? undefined);
    setPaletteOpen(false);
    requestAnimationFrame(() => void rf.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }));
  };

  const layout = () => {
    const next = autoLayout(nodes, edges);
    setNodes(next);
    commit(next, edges);
    requestAnimationFrame(() => void rf.fitView({ padding: 0.15, maxZoom: 1, duration: 250 }));
  };

  // ── the selected node ──
  const selected = (view ? view.nodes : nodes).filter((n) => n.selected);
  const sel = selected.length === 1 ? selected[0] : null;
  const selEntry = sel ? entryOf(sel.data.kind, sel.data.type) : undefined;
  const patchSel = (p: Partial<WfNode['data']>, key: string) => {
    if (!sel) return;
    const next = nodes.map((n) => (n.id === sel.id ? { ...n, data: { ...n.data, ...p } } : n));
    // A switch that lost a case loses the edge that left by it.
    const nextEdges = edges.filter((e) => {
      if (e.source !== sel.id || sel.data.kind !== 'switch' || !p.config) return true;
      const ids = new Set([...((p.config.cases as { id: string }[] | undefined) ?? []).map((c) => c.id), 'default']);
      return ids.has(e.sourceHandle ?? 'out');
    });
    setNodes(next);
    if (nextEdges.length !== edges.length) setEdges(nextEdges);
    commit(next, nextEdges, `${key}:${sel.id}`);
  };
  const deleteSel = () => {
    if (!sel) return;
    void rf.deleteElements({ nodes: [{ id: sel.id }] });
  };
  const fieldErrors = useMemo(() => {
    if (!sel || !selEntry) return {};
    const out: Record<string, string> = {};
    for (const p of missingRequired(selEntry.configSchema, sel.data.config)) out[p] = t('form.required');
    return out;
  }, [sel, selEntry, t]);

  // ── save, publish, enable ──
  async function save(): Promise<boolean> {
    try {
      const sent = graphJson;
      await saveDraft.mutateAsync({ graph, ...(name.trim() && name !== detail.workflow.name ? { name: name.trim() } : {}) });
      // What was sent is what is saved (the server's copy may order keys differently).
      setSaved(sent);
      notifications.show({ color: 'green', message: t('editor.saved') });
      return true;
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
      return false;
    }
  }
  const [publishing, setPublishing] = useState(false);
  async function publish() {
    setPublishing(true);
    try {
      if (dirty && !(await save())) return;
      const v = await validateOnServer(wfId, graph);
      setServerProblems(v.problems);
      if (!v.ok) {
        setTab('problems');
        if (narrow) setPanelOpen(true);
        notifications.show({ color: 'red', message: t('editor.fixProblems', { count: v.problems.length }) });
        return;
      }
      const w = await act.mutateAsync('publish');
      notifications.show({ color: 'green', message: t('editor.published', { version: w.workflow.publishedVersion ?? '' }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    } finally {
      setPublishing(false);
    }
  }
  const toggle = async (on: boolean) => {
    try {
      await act.mutateAsync(on ? 'enable' : 'disable');
      notifications.show({ color: on ? 'green' : 'gray', message: t(on ? 'editor.enabled' : 'editor.disabled') });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
  };

  const wf = detail.workflow;
  const toolbar = (
    <Group gap="xs" wrap="wrap" justify="space-between" data-testid="wf-toolbar">
      <Group gap="xs" wrap="nowrap" miw={0} style={{ flex: 1 }}>
        <ActionIcon component={Link} to="/workflows" variant="subtle" aria-label={t('editor.back')}>
          <IconArrowLeft size={18} />
        </ActionIcon>
        <TextInput
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          aria-label={t('editor.name')}
          variant="unstyled"
          fw={600}
          size="md"
          style={{ flex: 1, minWidth: 120 }}
          styles={{ input: { fontWeight: 600, fontSize: 18 } }}
          maxLength={120}
          readOnly={!canManage}
          data-testid="wf-name"
        />
        <Badge variant="light" color={wf.publishedVersion ? (wf.enabled ? 'green' : 'gray') : 'yellow'} data-testid="wf-status">
          {wf.publishedVersion ? t('status.version', { version: wf.publishedVersion }) : t('status.draftOnly')}
        </Badge>
        {dirty && (
          <Badge variant="dot" color="orange" data-testid="wf-dirty">
            {t('editor.unsaved')}
          </Badge>
        )}
      </Group>
      <Group gap={6} wrap="wrap">
        <Tooltip label={t('editor.undo')}>
          <ActionIcon variant="default" size="lg" onClick={doUndo} disabled={!hist.past.length || !!view} aria-label={t('editor.undo')} data-testid="wf-undo">
            <IconArrowBackUp size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('editor.redo')}>
          <ActionIcon variant="default" size="lg" onClick={doRedo} disabled={!hist.future.length || !!view} aria-label={t('editor.redo')} data-testid="wf-redo">
            <IconArrowForwardUp size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('editor.layout')}>
          <ActionIcon variant="default" size="lg" onClick={layout} disabled={!!view} aria-label={t('editor.layout')} data-testid="wf-layout">
            <IconLayoutDistributeHorizontal size={18} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('editor.runs')}>
          <ActionIcon variant="default" size="lg" component={Link} to={`/workflows/runs?workflowId=${wfId}`} aria-label={t('editor.runs')} visibleFrom="sm">
            <IconListDetails size={18} />
          </ActionIcon>
        </Tooltip>
        {canManage && (
          <>
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save()} loading={saveDraft.isPending} disabled={!dirty || !!view} data-testid="wf-save">
              {t('editor.save')}
            </Button>
            <Button leftSection={<IconRocket size={16} />} onClick={() => void publish()} loading={publishing} disabled={!!view} data-testid="wf-publish">
              {t('editor.publish')}
            </Button>
            <Tooltip label={wf.publishedVersion ? t('editor.enableHint') : t('editor.publishFirst')}>
              <div>
                <Switch checked={wf.enabled} onChange={(e) => void toggle(e.currentTarget.checked)} disabled={!wf.publishedVersion || act.isPending} label={t(wf.enabled ? 'status.on' : 'status.off')} data-testid="wf-enabled" />
              </div>
            </Tooltip>
          </>
        )}
      </Group>
    </Group>
  );

  const problemCount = problems.length;
  const panel = (
    <Tabs
      value={tab}
      onChange={(v) => setTab((v as PanelTab) ?? 'problems')}
      keepMounted={false}
      style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}
      styles={{ tab: { paddingInline: 8, fontSize: 13 }, tabSection: { marginInlineEnd: 4 } }}
    >
      <Tabs.List grow style={{ flexWrap: 'nowrap' }}>
        <Tabs.Tab value="node" data-testid="tab-node">
          {t('panel.node')}
        </Tabs.Tab>
        <Tabs.Tab
          value="problems"
          rightSection={problemCount ? <Badge size="xs" color="red" circle ml={2}>{problemCount}</Badge> : null}
          data-testid="tab-problems"
        >
          {t('panel.problems')}
        </Tabs.Tab>
        <Tabs.Tab value="test" data-testid="tab-test">
          {t('panel.test')}
        </Tabs.Tab>
        <Tabs.Tab value="versions" data-testid="tab-versions">
          {t('panel.versions')}
        </Tabs.Tab>
      </Tabs.List>
      <ScrollArea style={{ flex: 1 }} type="auto" p="sm">
        <Tabs.Panel value="node">
          {sel ? (
            <NodePanel
              key={sel.id}
              node={sel}
              entry={selEntry}
              typeLabel={typeText.label(sel.data.kind, sel.data.type)}
              typeHint={typeText.hint(sel.data.kind, sel.data.type)}
              problems={problemsByNode.get(sel.id) ?? []}
              problemText={problemText}
              fieldErrors={fieldErrors}
              step={view ? undefined : testRun?.steps.find((s) => s.nodeId === sel.id)}
              onConfig={(config) => patchSel({ config }, 'config')}
              onLabel={(label) => patchSel({ label: label || undefined }, 'label')}
              onDelete={deleteSel}
              readOnly={readOnly}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('panel.selectNode')}
            </Text>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="problems">
          {problemCount === 0 ? (
            <Alert color="green" variant="light" data-testid="wf-no-problems">
              {t('panel.noProblems')}
            </Alert>
          ) : (
            <div data-testid="wf-problems">
              {problems.map((p, i) => {
                const node = p.nodeId ? nodes.find((n) => n.id === p.nodeId) : undefined;
                return (
                  <Paper
                    key={i}
                    p="xs"
                    mb={6}
                    withBorder
                    style={{ cursor: node ? 'pointer' : undefined, borderLeft: '3px solid var(--mantine-color-red-5)' }}
                    onClick={() => {
                      if (!node) return;
                      setNodes(nodes.map((n) => ({ ...n, selected: n.id === node.id })));
                      void rf.fitView({ nodes: [{ id: node.id }], maxZoom: 1.2, duration: 250 });
                      setTab('node');
                    }}
                  >
                    {node && (
                      <Text size="xs" fw={600}>
                        {node.data.label || typeText.label(node.data.kind, node.data.type)}
                      </Text>
                    )}
                    <Text size="xs">{problemText(p)}</Text>
                  </Paper>
                );
              })}
            </div>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="test">
          <TestRunPanel workflowId={wfId} graph={graph} triggerType={trigger?.data.type ?? null} result={testRun} onResult={setTestRun} nodeLabel={(id) => {
            const n = nodes.find((x) => x.id === id);
            return n ? n.data.label || typeText.label(n.data.kind, n.data.type) : id;
          }} />
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionsPanel detail={detail} viewing={view?.version ?? null} onOpen={openVersion} onRestore={canManage ? (v) => (dirty ? setRestoring(v) : void restoreVersion(v)) : null} />
        </Tabs.Panel>
      </ScrollArea>
    </Tabs>
  );

  // The test run's path drawn in green (a still line: an animated one keeps a busy machine repainting).
  const shownEdges = useMemo(
    () => (view ? view.edges : decor.run ? edges.map((e) => (decor.run!.path.has(e.source) && decor.run!.path.has(e.target) ? { ...e, style: { stroke: 'var(--mantine-color-green-6)', strokeWidth: 2.5 } } : e)) : edges),
    [edges, decor.run, view],
  );

  const canvas = (
    <div style={{ position: 'relative', flex: 1, minHeight: 0, height: '100%' }} onDragOver={onDragOver} onDrop={onDrop} data-testid="wf-canvas">
      <CanvasDecorContext.Provider value={decor}>
        <ReactFlow<WfNode, WfEdge>
          nodes={view ? view.nodes : nodes}
          edges={shownEdges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onDelete={onDelete}
          onNodeDragStop={onNodeDragStop}
          isValidConnection={(c) => canConnect(nodes, edges, c)}
          deleteKeyCode={view ? null : ['Backspace', 'Delete']}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          minZoom={0.2}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          defaultEdgeOptions={{ type: 'smoothstep' }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
          {!narrow && <MiniMap pannable zoomable nodeColor={(n) => `var(--mantine-color-${KIND_STYLE[(n as WfNode).data.kind].color}-5)`} />}
        </ReactFlow>
      </CanvasDecorContext.Provider>
      {nodes.length === 0 && !view && (
        <Box style={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', pointerEvents: 'none' }}>
          <Text c="dimmed" size="sm" ta="center" maw={320}>
            {t('editor.emptyCanvas')}
          </Text>
        </Box>
      )}
    </div>
  );

  const viewBanner = view && viewed && (
    <Alert color="grape" variant="light" p="xs" icon={<IconEye size={18} />} data-testid="wf-viewing">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {t('versions.viewingBanner', { version: view.version, at: formatDateTime(viewed.publishedAt), name: viewed.publishedBy?.name ?? '—' })}
        </Text>
        <Group gap="xs">
          {canManage && (
            <Button size="xs" variant="filled" color="grape" onClick={() => (dirty ? setRestoring(view.version) : void restoreVersion(view.version))} loading={restore.isPending} data-testid="wf-viewing-restore">
              {t('versions.restoreAsDraft')}
            </Button>
          )}
          <Button size="xs" variant="default" onClick={() => openVersion(null)} data-testid="wf-viewing-close">
            {t('versions.backToDraft')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
  const restoreConfirm = (
    <ConfirmModal
      opened={restoring !== null}
      title={t('versions.restoreTitle', { version: restoring ?? '' })}
      confirmLabel={t('versions.restoreAsDraft')}
      color="orange"
      loading={restore.isPending}
      onConfirm={() => restoring !== null && void restoreVersion(restoring)}
      onClose={() => setRestoring(null)}
    >
      {t('versions.restoreLosesChanges')}
    </ConfirmModal>
  );

  const palette = <Palette entries={catalog.entries} label={(e) => typeText.label(e.kind, e.type)} hint={(e) => typeText.hint(e.kind, e.type)} onAdd={onPaletteAdd} hasTrigger={!!trigger} />;

  return (
    <SubjectContext.Provider value={subject}>
      {restoreConfirm}
      {narrow ? (
        <Box>
          {toolbar}
          {viewBanner && <Box mt="xs">{viewBanner}</Box>}
          <Alert color="blue" variant="light" my="xs" p="xs" data-testid="wf-small-screen">
            {t('editor.smallScreen')}
          </Alert>
          <Group gap="xs" mb="xs">
            {canManage && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setPaletteOpen(true)}>
                {t('editor.addStep')}
              </Button>
            )}
            <Button size="xs" variant="default" leftSection={<IconAdjustments size={14} />} onClick={() => setPanelOpen(true)}>
              {t('editor.details')}
              {problemCount > 0 && (
                <Badge size="xs" color="red" circle ml={6}>
                  {problemCount}
                </Badge>
              )}
            </Button>
            <Anchor component={Link} to={`/workflows/runs?workflowId=${wfId}`} size="sm">
              {t('editor.runs')}
            </Anchor>
          </Group>
          <Paper h="60dvh" style={{ overflow: 'hidden' }}>
            {canvas}
          </Paper>
          <Drawer opened={paletteOpen} onClose={() => setPaletteOpen(false)} title={t('editor.addStep')} position="bottom" size="70%">
            <div style={{ height: '60dvh' }}>{palette}</div>
          </Drawer>
          <Drawer opened={panelOpen} onClose={() => setPanelOpen(false)} position="bottom" size="80%" withCloseButton title={t('editor.details')}>
            <div style={{ height: '68dvh' }}>{panel}</div>
          </Drawer>
        </Box>
      ) : (
        <Box style={{ height: 'calc(100dvh - 60px - 2 * var(--mantine-spacing-md))', display: 'flex', flexDirection: 'column', gap: 8 }}>
          {toolbar}
          {viewBanner}
          <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '230px minmax(0, 1fr) 360px', gap: 8 }}>
            <Paper style={{ overflow: 'hidden', minHeight: 0 }}>{palette}</Paper>
            <Paper style={{ overflow: 'hidden', minHeight: 0 }}>{canvas}</Paper>
            <Paper style={{ overflow: 'hidden', minHeight: 0 }}>{panel}</Paper>
          </div>
        </Box>
      )}
    </SubjectContext.Provider>
  );
}

/** The output handles of a node not yet used by an edge. */
function handlesFree(n: WfNode, edges: WfEdge[]): string[] {
  const used = new Set(edges.filter((e) => e.source === n.id).map((e) => e.sourceHandle ?? 'out'));
  return outputHandles(n.data.kind, n.data.type, n.data.config).filter((h) => !used.has(h));
}
