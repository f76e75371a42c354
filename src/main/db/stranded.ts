import { REPLICATED_CLASSES } from '../../shared/enums';
import { CLASS_MAPPINGS } from './parse-mapping';

/**
 * Waiting changes that name a staff member with no backend account (made here while the workstation was
 * local only), directly or through a record that does (an activity about an inquiry they handle), counted
 * per such person: one row (userId, username, fullName, changes) each. One statement, so the core's status
 * and the doctor's read-only worker count alike (see sync/stranded.ts). Cheap when every account is on the
 * backend: the walk then starts from nobody.
 */
const WAITS = (() => {
  const arms: string[] = [];
  for (const entity of REPLICATED_CLASSES) {
    const mapping = CLASS_MAPPINGS[entity];
    if (!mapping.pushable) continue;
    for (const [field, kind] of Object.entries(mapping.fields)) {
      if (kind.kind !== 'pointer') continue;
      arms.push(
        `SELECT '${entity}', t.id, w.userId FROM waits w JOIN ${mapping.table} t ON t."${field}" = w.id
         WHERE w.entity = '${kind.target}' AND EXISTS (SELECT 1 FROM outbox o WHERE o.entity = '${entity}' AND o.recordId = t.id AND o.op != 'delete')`,
      );
    }
  }
  return `WITH RECURSIVE waits(entity, id, userId) AS (
            SELECT '_User', id, id FROM users WHERE objectId IS NULL
            UNION ${arms.join('\n            UNION ')})`;
})();

export const STRANDED_SQL = `${WAITS}
  SELECT u.id AS userId, u.username AS username, u.fullName AS fullName, count(DISTINCT w.entity || ':' || w.id) AS changes
  FROM waits w JOIN users u ON u.id = w.userId
  WHERE w.entity != '_User'
  GROUP BY u.id
  ORDER BY u.fullName`;

/** The same walk, one row (entity, recordId, userId) per waiting record: for listing which changes wait. */
export const STRANDED_RECORDS_SQL = `${WAITS}
  SELECT DISTINCT entity, id AS recordId, userId FROM waits WHERE entity != '_User' ORDER BY userId, entity LIMIT 1000`;
