// What one Parse Server instance of several needs to behave as one server with the others (scale-out.ts):
// LiveQuery events through Redis, Parse's cache in Redis, and schema changes heard from PostgreSQL.

/** The services the instances of a scaled-out backend share. */
export interface SharedServices {
  /** This instance's number, from 1. Instance 1 applies the schema and seeds the demo data. */
  instance: number;
  databaseURI: string;
  postgresPort: number;
  redisURL: string;
}

interface Closable {
  handleShutdown(): Promise<void>;
}

/** Parse Server options for one instance of several (import after Parse Server's logs folder is set). */
export async function sharedParseOptions(
  shared: SharedServices,
  liveQueryClasses: string[],
): Promise<{
  liveQuery: { classNames: string[]; redisURL: string };
  cacheAdapter: Closable;
  databaseOptions: { enableSchemaHooks: boolean };
}> {
  const { RedisCacheAdapter } = (await import('parse-server')) as unknown as {
    RedisCacheAdapter: new (options: { url: string }) => Closable;
  };
  return {
    // Each instance publishes the changes it saves to Redis, and each instance's LiveQuery server hears
    // every instance's changes from there: a subscriber on any instance gets them all.
    liveQuery: { classNames: liveQueryClasses, redisURL: shared.redisURL },
    // Parse caches sessions and each user's roles for a few seconds. Shared, a sign-out or a role change
    // on one instance clears the entry for all of them, instead of another instance honouring it meanwhile.
    cacheAdapter: new RedisCacheAdapter({ url: shared.redisURL }),
    // Each instance keeps the schema (fields, class permissions) in memory; PostgreSQL tells every instance
    // when one of them changes it (LISTEN/NOTIFY), so a schema applied through one counts on all at once.
    databaseOptions: { enableSchemaHooks: true },
  };
}
