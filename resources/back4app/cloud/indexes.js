'use strict';
// Index management for `npm run backend:apply`. The /schemas API can neither create unique or partial
// indexes nor name storage columns portably (on MongoDB, which Back4app runs, `updatedAt` is stored as
// `_updated_at` and a pointer `gemstone` as `_p_gemstone`), so apply sends the wanted indexes here and this
// function creates them through the server's own database adapter.

const NAME = /^[A-Za-z0-9_]{1,63}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function fail(message) {
  throw new Parse.Error(Parse.Error.INVALID_JSON, message);
}

function storage() {
  const server = Parse.Server;
  const database = server && (server.database || server.databaseController);
  const adapter = database && database.adapter;
  if (adapter && adapter._client && adapter._pgp) return { engine: 'postgres', adapter, database };
  if (adapter && typeof adapter._adaptiveCollection === 'function') return { engine: 'mongo', adapter, database };
  throw new Parse.Error(
    Parse.Error.SCRIPT_FAILED,
    'This Parse Server does not give Cloud Code access to its database adapter, so indexes cannot be created ' +
      'from here. Create the indexes listed in resources/back4app/schema.json in your database console.',
  );
}

/** Flattens and checks the request: [{ className, name, keys, unique, where }]. */
function wantedIndexes(params) {
  const wanted = [];
  const add = (className, name, keys, unique, where) => {
    if (!NAME.test(className)) fail(`Invalid class name ${className}`);
    if (!NAME.test(name)) fail(`Invalid index name ${name}`);
    if (!keys || typeof keys !== 'object' || Object.keys(keys).length === 0) fail(`Index ${name} has no fields`);
    for (const [field, direction] of Object.entries(keys)) {
      if (!FIELD.test(field)) fail(`Index ${name}: invalid field ${field}`);
      if (direction !== 1 && direction !== -1) fail(`Index ${name}: direction of ${field} must be 1 or -1`);
    }
    for (const [field, value] of Object.entries(where || {})) {
      if (!FIELD.test(field)) fail(`Index ${name}: invalid field ${field}`);
      if (typeof value !== 'string') fail(`Index ${name}: only string equality is supported in where`);
    }
    wanted.push({ className, name, keys, unique, where: where || null });
  };
  for (const [className, byName] of Object.entries(params.indexes || {})) {
    for (const [name, keys] of Object.entries(byName)) add(className, name, keys, false, null);
  }
  for (const [className, byName] of Object.entries(params.uniqueIndexes || {})) {
    for (const [name, spec] of Object.entries(byName))
      add(className, name, spec && spec.fields, true, spec && spec.where);
  }
  return wanted;
}

async function existingIndexNames(store, className) {
  try {
    const rows = await store.adapter.getIndexes(className);
    return new Set(rows.map((row) => row.indexname || row.name));
  } catch {
    return new Set(); // the class has no table/collection yet
  }
}

async function createIndex(store, index) {
  const { className, name, keys, unique, where } = index;
  if (store.engine === 'postgres') {
    const as = store.adapter._pgp.as;
    const columns = Object.entries(keys)
      .map(([field, direction]) => as.name(field) + (direction === -1 ? ' DESC' : ''))
      .join(', ');
    const condition = where
      ? ' WHERE ' +
        Object.entries(where)
          .map(([f, v]) => `${as.name(f)} = ${as.text(v)}`)
          .join(' AND ')
      : '';
    await store.adapter._client.none(
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${as.name(name)} ON ${as.name(className)} (${columns})${condition}`,
    );
    return;
  }
  // MongoDB: translate Parse field names to the stored ones.
  const schemaController = await store.database.loadSchema();
  const schema = await schemaController.getOneSchema(className, true);
  const stored = (field) => {
    if (field === 'objectId') return '_id';
    if (field === 'createdAt') return '_created_at';
    if (field === 'updatedAt') return '_updated_at';
    const type = schema.fields[field];
    return type && type.type === 'Pointer' ? `_p_${field}` : field;
  };
  const mongoKeys = {};
  for (const [field, direction] of Object.entries(keys)) mongoKeys[stored(field)] = direction;
  const options = { name, background: true };
  if (unique) {
    options.unique = true;
    // Rows written before Loupe have no clientId; only rows that have the indexed fields take part.
    const filter = {};
    for (const field of Object.keys(keys)) filter[stored(field)] = { $exists: true };
    for (const [field, value] of Object.entries(where || {})) filter[stored(field)] = value;
    options.partialFilterExpression = filter;
  }
  const collection = await store.adapter._adaptiveCollection(className);
  await collection._mongoCollection.createIndex(mongoKeys, options);
}

/**
 * params: { indexes: { Class: { name: { field: 1|-1 } } }, uniqueIndexes: { Class: { name: { fields, where? } } },
 *           dryRun?: boolean }
 * returns: { engine, present: [], created: [], missing: [], failed: [{ name, message }] } (names as Class.name)
 */
async function ensureIndexes(params) {
  const store = storage();
  const wanted = wantedIndexes(params || {});
  const result = { engine: store.engine, present: [], created: [], missing: [], failed: [] };
  const existing = new Map();
  for (const index of wanted) {
    if (!existing.has(index.className)) existing.set(index.className, await existingIndexNames(store, index.className));
    const label = `${index.className}.${index.name}`;
    if (existing.get(index.className).has(index.name)) {
      result.present.push(label);
    } else if (params.dryRun) {
      result.missing.push(label);
    } else {
      try {
        await createIndex(store, index);
        result.created.push(label);
      } catch (error) {
        const duplicate = /duplicate|unique/i.test(String(error && error.message));
        result.failed.push({
          name: label,
          message: duplicate
            ? 'existing rows already break this unique index; resolve the duplicates and run apply again'
            : String((error && error.message) || error),
        });
      }
    }
  }
  return result;
}

const knownIndexes = new Map();
const KNOWN_FOR_MS = 5 * 60_000;

/**
 * Whether an index exists (remembered for a few minutes), so Cloud Code can rely on a unique index
 * instead of querying before every save. False when the adapter cannot be asked.
 */
async function hasIndex(className, name) {
  const key = `${className}.${name}`;
  const known = knownIndexes.get(key);
  if (known && known.until > Date.now()) return known.value;
  let value = false;
  try {
    value = (await existingIndexNames(storage(), className)).has(name);
  } catch {
    value = false;
  }
  knownIndexes.set(key, { value, until: Date.now() + KNOWN_FOR_MS });
  return value;
}

module.exports = { ensureIndexes, hasIndex };
