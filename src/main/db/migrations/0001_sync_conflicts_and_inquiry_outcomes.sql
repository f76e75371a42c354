CREATE TABLE `sync_base` (
	`entity` text NOT NULL,
	`recordId` text NOT NULL,
	`values` text NOT NULL,
	`serverUpdatedAt` text,
	PRIMARY KEY(`entity`, `recordId`)
);
--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`recordId` text NOT NULL,
	`field` text NOT NULL,
	`winner` text NOT NULL,
	`localValue` text,
	`remoteValue` text,
	`localBy` text,
	`localAt` integer,
	`remoteBy` text,
	`remoteAt` text,
	`detectedAt` integer NOT NULL,
	`resolvedAt` integer,
	`resolvedBy` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_open` ON `sync_conflicts` (`resolvedAt`,`detectedAt`);--> statement-breakpoint
CREATE TABLE `sync_dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`recordId` text NOT NULL,
	`op` text NOT NULL,
	`fields` text,
	`values` text,
	`code` integer,
	`message` text NOT NULL,
	`userId` text,
	`createdAt` integer NOT NULL,
	`resolvedAt` integer
);
--> statement-breakpoint
CREATE INDEX `sync_dead_letters_open` ON `sync_dead_letters` (`resolvedAt`,`createdAt`);--> statement-breakpoint
CREATE INDEX `sync_dead_letters_record` ON `sync_dead_letters` (`entity`,`recordId`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `userId` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `objectId` text;--> statement-breakpoint
ALTER TABLE `purchase_inquiries` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `purchase_inquiries` ADD `outcomeReason` text;--> statement-breakpoint
ALTER TABLE `purchase_inquiries` ADD `mismatchOverride` integer;--> statement-breakpoint
ALTER TABLE `purchase_inquiries` ADD `statusHistory` text;--> statement-breakpoint
ALTER TABLE `purchase_inquiries` ADD `statusChangedAt` text;