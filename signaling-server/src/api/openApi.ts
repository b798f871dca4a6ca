/** The OpenAPI 3.1 document of the REST API, built from the same zod schemas the routes parse with. */
import { z } from 'zod';
import {
  ApiCommentSchema,
  ApiErrorSchema,
  ApiNewCommentSchema,
  ApiNewProjectSchema,
  ApiNewTaskSchema,
  ApiNewTimeEntrySchema,
  ApiProjectPatchSchema,
  ApiProjectSchema,
  ApiTaskPatchSchema,
  ApiTaskSchema,
  ApiTeamSchema,
  ApiTimeEntryPatchSchema,
  ApiTimeEntrySchema,
  ApiUserSchema,
  TimeReportSchema,
  page,
} from '../../../common/wire/restApi';

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any' });
const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({ content: { 'application/json': { schema: schema(s, io) } } });
const errors = {
  '400': { description: 'Invalid input', ...json(ApiErrorSchema) },
  '401': { description: 'Missing or invalid token', ...json(ApiErrorSchema) },
  '403': { description: 'Not a member of the workspace, or a guest writing', ...json(ApiErrorSchema) },
  '404': { description: 'No such resource', ...json(ApiErrorSchema) },
};
const pageParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
  { name: 'cursor', in: 'query', description: 'nextCursor of the previous page', schema: { type: 'string' } },
  { name: 'workspace', in: 'query', description: 'Needed when the token grants several workspaces', schema: { type: 'string' } },
];
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

function resource(name: string, item: z.ZodType, create?: z.ZodType, patch?: z.ZodType) {
  return {
    list: {
      get: { summary: `List ${name}`, parameters: pageParams, responses: { '200': { description: 'A page', ...json(page(item)) }, ...errors } },
      ...(create
        ? { post: { summary: `Create a ${name.replace(/s$/, '')}`, requestBody: { required: true, ...json(create, 'input') }, responses: { '201': { description: 'Created', ...json(item) }, ...errors } } }
        : {}),
    },
    one: {
      parameters: [idParam],
      get: { summary: `Get a ${name.replace(/s$/, '')}`, responses: { '200': { description: 'Found', ...json(item) }, ...errors } },
      ...(patch ? { patch: { summary: 'Change fields', requestBody: { required: true, ...json(patch, 'input') }, responses: { '200': { description: 'Changed', ...json(item) }, ...errors } } } : {}),
      delete: { summary: 'Delete (a tombstone every install receives)', responses: { '204': { description: 'Deleted' }, ...errors } },
    },
  };
}

export function buildOpenApi() {
  const projects = resource('projects', ApiProjectSchema, ApiNewProjectSchema, ApiProjectPatchSchema);
  const tasks = resource('tasks', ApiTaskSchema, ApiNewTaskSchema, ApiTaskPatchSchema);
  const entries = resource('time entries', ApiTimeEntrySchema, ApiNewTimeEntrySchema, ApiTimeEntryPatchSchema);
  return {
    openapi: '3.1.0',
    info: { title: 'Meshwork tracker API', version: '1', description: 'Projects, tasks, comments and time of a workspace. Writes reach every desktop install live.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    security: [{ bearer: [] }],
    paths: {
      '/api/projects': projects.list,
      '/api/projects/{id}': projects.one,
      '/api/projects/{id}/tasks': {
        parameters: [idParam],
        get: { summary: "A project's tasks", parameters: pageParams, responses: { '200': { description: 'A page', ...json(page(ApiTaskSchema)) }, ...errors } },
      },
      '/api/tasks': tasks.list,
      '/api/tasks/{id}': tasks.one,
      '/api/tasks/{id}/comments': {
        parameters: [idParam],
        get: { summary: "A task's comments", parameters: pageParams, responses: { '200': { description: 'A page', ...json(page(ApiCommentSchema)) }, ...errors } },
        post: { summary: 'Comment on a task', requestBody: { required: true, ...json(ApiNewCommentSchema, 'input') }, responses: { '201': { description: 'Created', ...json(ApiCommentSchema) }, ...errors } },
      },
      '/api/time-entries': {
        get: {
          ...entries.list.get,
          parameters: [
            ...pageParams,
            { name: 'from', in: 'query', description: 'Start time from (ms)', schema: { type: 'integer' } },
            { name: 'to', in: 'query', description: 'Start time before (ms)', schema: { type: 'integer' } },
            { name: 'projectId', in: 'query', schema: { type: 'string' } },
            { name: 'memberId', in: 'query', schema: { type: 'string' } },
          ],
        },
        post: entries.list.post,
      },
      '/api/time-entries/{id}': entries.one,
      '/api/reports/time': {
        get: {
          summary: 'Time by project and member over a date range (UTC days, inclusive)',
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': { description: 'The report', ...json(TimeReportSchema) }, ...errors },
        },
      },
      '/api/users': { get: { summary: 'Members of the workspace', parameters: pageParams, responses: { '200': { description: 'A page', ...json(page(ApiUserSchema)) }, ...errors } } },
      '/api/teams': { get: { summary: 'Teams', parameters: pageParams, responses: { '200': { description: 'A page', ...json(page(ApiTeamSchema)) }, ...errors } } },
    },
  };
}
