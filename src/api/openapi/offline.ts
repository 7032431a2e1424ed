/**
 * The OpenAPI document without a database or a listening server: the application module is
 * created in Nest's preview mode (routes and decorators are read, no provider is instantiated),
 * so `npm run lint:api` and tests can lint and compare the very document the service serves.
 */
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { pino } from 'pino';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/config.js';
import { createOpenApiDocument } from './openapi.js';

export async function buildOpenApiDocumentOffline(): Promise<OpenAPIObject> {
  const config = loadConfig({
    // Never connected to: preview mode instantiates no provider.
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
    IDENTIFIER_KEY: 'openapi-document-only-0123456789abcdef',
    DATA_DIR: '/nonexistent/openapi',
    LOG_LEVEL: 'silent',
  });
  const logger = pino({ level: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot({ config: { ...config, identifierKey: config.identifierKey! }, databaseUrl: config.databaseUrl!, logger }), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  return createOpenApiDocument(app);
}
