/**
 * The import rules of src/server (DESIGN.md rule 3), checked by `npm run check:imports` in CI.
 * Type-only imports are allowed in circles (they vanish at run time) but not across the rules below.
 */
const AREAS = '^src/server/areas/([^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles in src/server (type-only imports aside).',
      from: { path: '^src/server' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-knows-no-area',
      severity: 'error',
      comment: 'core/ is the platform: it imports no area (areas reach it, boot.ts wires them).',
      from: { path: '^src/server/core/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/server/(areas|boot|app|main|cli|demo)' },
    },
    {
      name: 'areas-through-their-door',
      severity: 'error',
      comment: "An area imports another area only through that area's index.ts.",
      from: { path: AREAS, pathNot: '^src/server/areas/channels/' },
      to: { path: '^src/server/areas/', pathNot: ['^src/server/areas/$1/', '^src/server/areas/[^/]+/index\\.ts$'] },
    },
    {
      name: 'channel-kinds-through-their-door',
      severity: 'error',
      comment: "Channel folders import another channel folder (or another area) only through its index.ts.",
      from: { path: '^src/server/areas/channels/([^/]+)/' },
      to: {
        path: '^src/server/areas/',
        pathNot: ['^src/server/areas/channels/$1/', '^src/server/areas/[^/]+/index\\.ts$', '^src/server/areas/channels/[^/]+\\.ts$'],
      },
    },
    {
      name: 'business-areas-import-no-channel',
      severity: 'error',
      comment: 'Tickets, customers, surveys and metrics reach customers through the outbound port by capability, never a channel.',
      from: { path: '^src/server/areas/(tickets|customers|surveys|metrics)/' },
      to: { path: '^src/server/areas/channels/' },
    },
    {
      name: 'tests-stay-out-of-production',
      severity: 'error',
      comment: 'Production code never imports test helpers.',
      from: { path: '^src/server/', pathNot: ['\\.test\\.ts$', '^src/server/test/'] },
      to: { path: '^src/server/test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
