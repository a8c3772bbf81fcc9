import { Route, Routes } from 'react-router-dom';
import { WorkflowEditorPage } from './editor/WorkflowEditor';
import { RunDetailPage } from './runs/RunDetailPage';
import { RunLogPage } from './runs/RunLogPage';
import { WorkflowListPage } from './WorkflowListPage';

/** /workflows/*: the workflow list, the canvas, templates and the run log. */
export function WorkflowsPage() {
  return (
    <Routes>
      <Route index element={<WorkflowListPage />} />
      <Route path="runs" element={<RunLogPage />} />
      <Route path="runs/:runId" element={<RunDetailPage />} />
      <Route path=":id" element={<WorkflowEditorPage />} />
    </Routes>
  );
}
