// Every statement of replication, by topic, prepared once per store (Store.statement).
export * from './checkpoints';
export * from './outbox';
export * from './records';
export * from './set-aside';
export * from './staff';
