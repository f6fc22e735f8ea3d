import { Router } from 'express';
import { z } from 'zod';
import { operations } from '../http/operations';
import { openApiDocument } from './document';
import { operationsPage } from './page';

export const apiDescriptionOperations = operations('anyone', {
  'GET /openapi.json': {
    summary: 'This document: OpenAPI 3.1, the live feed under x-socket-events',
    responses: { 200: z.record(z.string(), z.unknown()) },
  },
  'GET /docs': {
    summary: 'A page listing every operation and live event, for people',
    responses: { 200: { 'text/html': z.string() } },
  },
});

/** Anyone: the API describes itself. */
export function apiDescriptionRoutes(): Router {
  const router = Router();
  let page: string | undefined;
  router.get('/openapi.json', (_req, res) => res.json(openApiDocument()));
  router.get('/docs', (_req, res) => {
    page ??= operationsPage(openApiDocument());
    res.type('html').send(page);
  });
  return router;
}
