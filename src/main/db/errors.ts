/** The database file was written by a newer Loupe; opening it here could lose data. */
export class DatabaseTooNewError extends Error {
  readonly code = 'DATABASE_TOO_NEW';
  constructor(
    readonly file: string,
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `The database at ${file} was written by a newer version of Loupe (schema ${databaseVersion}; this version ` +
        `knows up to ${supportedVersion}). Update Loupe to open it; nothing was changed.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** The database file cannot be read as a Loupe database (damaged, or not a database at all). */
export class DatabaseCorruptError extends Error {
  readonly code = 'DATABASE_CORRUPT';
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(
      `The database at ${file} is damaged or is not a Loupe database (${detail}). ` +
        `Restore it from a backup or move it aside; nothing was changed.`,
    );
    this.name = 'DatabaseCorruptError';
  }
}

/** An applied migration differs from the one this build ships: the file was edited after release. */
export class MigrationMismatchError extends Error {
  readonly code = 'MIGRATION_MISMATCH';
  constructor(readonly tag: string) {
    super(`Migration ${tag} applied to this database differs from the one this version of Loupe ships.`);
    this.name = 'MigrationMismatchError';
  }
}

/**
 * A local write would leave a replicated record that breaks the record rules (src/shared/record-rules.ts):
 * the write is rolled back; the procedure answers with the first problem, on its field.
 */
export class RecordRuleError extends Error {
  readonly code = 'RECORD_RULE';
  constructor(
    readonly entity: string,
    readonly problems: { field: string; label: string; message: string }[],
  ) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'RecordRuleError';
  }
}
