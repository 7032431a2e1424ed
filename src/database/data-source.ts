import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/** Told of a connection the database ended (terminated backend, failover, network): no personal data, the code and message only. */
export type ConnectionErrorHandler = (err: Error & { code?: string }) => void;

/**
 * A `pg` client that always has an 'error' listener. pg-pool removes its idle listener when it
 * hands a client out, and TypeORM attaches its own only in a promise continuation: a FATAL
 * (57P01, terminated by an administrator) read in the same socket chunk as the ReadyForQuery
 * that released the client to a waiting caller was emitted with nobody listening, and crashed
 * the process. The query in flight still gets the error, pg-pool and TypeORM still drop the
 * client; this listener only keeps the event from being unhandled.
 */
export function listenedClient(onError: ConnectionErrorHandler = () => undefined): typeof pg.Client {
  return class ListenedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      this.on('error', onError);
    }
  };
}

/** Data source options shared by the service, the tests and ormconfig.ts (TypeORM CLI). */
export function dataSourceOptions(url: string, poolSize = 10, onConnectionError?: ConnectionErrorHandler): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    poolSize,
    // pg-pool's own 'error' (an idle client's connection ended): the pool has dropped the client already.
    poolErrorHandler: (err: Error) => onConnectionError?.(err),
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, Client: listenedClient(onConnectionError) },
  };
}
