/**
 * Dependency directions of src/, checked by dependency-cruiser in `npm test` and `.ci/run`
 * (scripts/dependency-rules.mjs, `npm run deps`, which also checks folder-level cycles on the same
 * graph). The layers:
 * - faces: src/api/ (helpdesk API, OpenAPI document) and src/agent-ui/ (agent workspace). Only the
 *   composition root (src/*.ts) and the faces import a face.
 * - infra: src/config/, src/database/, src/common/, src/http/ (shared HTTP bits: the API caller on
 *   the request, ApiOp and the OpenAPI resources, the page renderer and layout). Infra imports no
 *   other folder of src/ except the calendar.
 * - the calendar, src/deadlines/: pure date arithmetic, imports nothing from src/ outside itself,
 *   so any layer may use it without a cycle.
 * - core: every other folder. Domain folders may hold their own API controllers and controller
 *   pages, built on src/http/.
 * Type-only imports count (tsPreCompilationDeps), so a type cycle is a cycle.
 */
const FACES = '^src/(api|agent-ui)/';
const INFRA = '^src/(config|database|common|http)/';

/**
 * Core files that still import the agent workspace (src/agent-ui/). Empty: the workspace pages of
 * other modules live in src/agent-ui/, the agents in src/agents/, the labels in src/vocabulary/.
 * Shrinking only: never add a line.
 */
const CORE_TO_FACE_ALLOWED = [];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No file-level cycles, type-only imports included.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-not-to-faces',
      comment: 'Core and infra never import a face (src/api/, src/agent-ui/); only faces and the composition root do.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: [FACES, ...CORE_TO_FACE_ALLOWED] },
      to: { path: FACES },
    },
    {
      name: 'infra-not-to-domain',
      comment: 'Infra (config, database, common, http) imports only infra and the calendar.',
      severity: 'error',
      from: { path: INFRA },
      to: { path: '^src/', pathNot: [INFRA, '^src/deadlines/'] },
    },
    {
      name: 'calendar-self-contained',
      comment: 'The calendar (src/deadlines/) imports nothing from src/ outside itself; its HTTP preview lives in src/api/.',
      severity: 'error',
      from: { path: '^src/deadlines/' },
      to: { path: '^src/', pathNot: '^src/deadlines/' },
    },
    {
      name: 'vocabulary-pure',
      comment: 'The Dutch vocabulary (src/vocabulary/) is pure data every layer may use: it imports only the calendar.',
      severity: 'error',
      from: { path: '^src/vocabulary/' },
      to: { path: '^src/', pathNot: ['^src/vocabulary/', '^src/deadlines/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve would hide a dependency from these rules.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
