CREATE TABLE `bulk_load_suspended` (
	`name` text PRIMARY KEY NOT NULL,
	`tableName` text NOT NULL,
	`type` text NOT NULL,
	`sql` text NOT NULL
);
