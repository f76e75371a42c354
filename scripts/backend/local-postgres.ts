// How the local backend's PostgreSQL is reached: shared by the server itself and by the scripts that start it
// in a child process (which must not load the server's own modules).
/** Password of the local PostgreSQL superuser (local development only; it listens on 127.0.0.1). */
export const LOCAL_PG_PASSWORD = 'loupe-local-postgres';
export const DATABASE = 'loupe';
